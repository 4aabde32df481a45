CREATE TABLE "callback_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callback_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"case_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"category_id" uuid,
	"sample_percent" integer NOT NULL,
	"due_minutes" integer NOT NULL,
	"due_unit" text DEFAULT 'minutes' NOT NULL,
	"calendar_id" uuid,
	"max_attempts" integer DEFAULT 3 NOT NULL,
	"retry_after_minutes" integer DEFAULT 60 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callback_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"rule_id" uuid,
	"site_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"case_number" text NOT NULL,
	"case_type" text NOT NULL,
	"case_subject" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"retry_after_minutes" integer DEFAULT 60 NOT NULL,
	"claimed_by" uuid,
	"claimed_at" timestamp with time zone,
	"resolved" boolean,
	"satisfaction" integer,
	"comment" text,
	"completed_at" timestamp with time zone,
	"completed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_task_id_callback_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."callback_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_rule_id_callback_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."callback_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_site_id_org_units_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_claimed_by_users_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_completed_by_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "callback_attempts_task_idx" ON "callback_attempts" USING btree ("task_id","at");--> statement-breakpoint
CREATE INDEX "callback_tasks_queue_idx" ON "callback_tasks" USING btree ("site_id","due_at","id") WHERE "callback_tasks"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "callback_tasks_done_idx" ON "callback_tasks" USING btree ("site_id","completed_at");--> statement-breakpoint
CREATE INDEX "callback_tasks_case_idx" ON "callback_tasks" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "callback_tasks_one_pending_uq" ON "callback_tasks" USING btree ("case_id") WHERE "callback_tasks"."status" = 'pending';