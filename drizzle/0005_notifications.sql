CREATE TABLE "notification_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notification_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"email" boolean DEFAULT true NOT NULL,
	"sms" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"case_id" uuid,
	"title" jsonb NOT NULL,
	"body" jsonb,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_forecasts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"queue_id" uuid,
	"calendar_id" uuid,
	"name" text NOT NULL,
	"timezone" text NOT NULL,
	"interval_minutes" integer NOT NULL,
	"from_date" text NOT NULL,
	"days" integer NOT NULL,
	"source" text NOT NULL,
	"mape" double precision,
	"wape" double precision,
	"result" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_requirements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"forecast_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"targets" jsonb NOT NULL,
	"model" text NOT NULL,
	"intervals" jsonb NOT NULL,
	"agent_hours" double precision NOT NULL,
	"scheduled_hours" double precision NOT NULL,
	"peak_scheduled" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_roster_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"roster_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_roster_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"roster_id" uuid NOT NULL,
	"user_id" uuid,
	"template_id" uuid,
	"template_name" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"breaks" jsonb NOT NULL,
	"paid_minutes" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_rosters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"requirement_id" uuid,
	"name" text NOT NULL,
	"timezone" text NOT NULL,
	"week_start" text NOT NULL,
	"interval_minutes" integer NOT NULL,
	"required" jsonb NOT NULL,
	"rules" jsonb NOT NULL,
	"agents" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "planning_shift_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"start_minute" integer NOT NULL,
	"length_minutes" integer NOT NULL,
	"breaks" jsonb NOT NULL,
	"days" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_forecasts" ADD CONSTRAINT "planning_forecasts_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_forecasts" ADD CONSTRAINT "planning_forecasts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_requirements" ADD CONSTRAINT "planning_requirements_forecast_id_planning_forecasts_id_fk" FOREIGN KEY ("forecast_id") REFERENCES "public"."planning_forecasts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_requirements" ADD CONSTRAINT "planning_requirements_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_requirements" ADD CONSTRAINT "planning_requirements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_roster_revisions" ADD CONSTRAINT "planning_roster_revisions_roster_id_planning_rosters_id_fk" FOREIGN KEY ("roster_id") REFERENCES "public"."planning_rosters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_roster_revisions" ADD CONSTRAINT "planning_roster_revisions_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_roster_shifts" ADD CONSTRAINT "planning_roster_shifts_roster_id_planning_rosters_id_fk" FOREIGN KEY ("roster_id") REFERENCES "public"."planning_rosters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_roster_shifts" ADD CONSTRAINT "planning_roster_shifts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_rosters" ADD CONSTRAINT "planning_rosters_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_rosters" ADD CONSTRAINT "planning_rosters_requirement_id_planning_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."planning_requirements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_rosters" ADD CONSTRAINT "planning_rosters_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_shift_templates" ADD CONSTRAINT "planning_shift_templates_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_outbox_due_idx" ON "notification_outbox" USING btree ("channel","next_attempt_at") WHERE "notification_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("recipient_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "planning_forecasts_org_idx" ON "planning_forecasts" USING btree ("org_unit_id","created_at");--> statement-breakpoint
CREATE INDEX "planning_requirements_forecast_idx" ON "planning_requirements" USING btree ("forecast_id");--> statement-breakpoint
CREATE INDEX "planning_roster_revisions_roster_idx" ON "planning_roster_revisions" USING btree ("roster_id","version");--> statement-breakpoint
CREATE INDEX "planning_roster_shifts_roster_idx" ON "planning_roster_shifts" USING btree ("roster_id","starts_at");--> statement-breakpoint
CREATE INDEX "planning_rosters_org_idx" ON "planning_rosters" USING btree ("org_unit_id","week_start");--> statement-breakpoint
CREATE INDEX "planning_shift_templates_org_idx" ON "planning_shift_templates" USING btree ("org_unit_id");