CREATE TABLE "case_sla" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"commitment_id" uuid,
	"commitment_version" integer,
	"calendar_id" uuid,
	"reason" jsonb,
	"regulator_deadline" timestamp with time zone,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"open" boolean DEFAULT true NOT NULL,
	"next_escalation_at" timestamp with time zone,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"target" text NOT NULL,
	"kind" text NOT NULL,
	"cycle" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recipient_ids" uuid[] DEFAULT ARRAY[]::uuid[] NOT NULL,
	"escalated_to" integer,
	"node" text
);
--> statement-breakpoint
CREATE TABLE "sla_commitments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" jsonb NOT NULL,
	"text" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"conditions" jsonb NOT NULL,
	"category_id" uuid,
	"site_id" uuid,
	"targets" jsonb NOT NULL,
	"calendar_id" uuid,
	"use_site_calendar" boolean DEFAULT true NOT NULL,
	"pause_statuses" text[] DEFAULT ARRAY['waiting_customer']::text[] NOT NULL,
	"warn_at_percent" integer DEFAULT 80 NOT NULL,
	"escalate_on_breach" boolean DEFAULT false NOT NULL,
	"rank" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_config_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_state_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"agent_id" uuid NOT NULL,
	"user_id" uuid,
	"org_unit_id" uuid NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"login_id" text NOT NULL,
	"user_id" uuid,
	"name" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_import_errors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"reason" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"raw" text
);
--> statement-breakpoint
CREATE TABLE "contact_import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"created_by" uuid,
	"file_name" text NOT NULL,
	"file_path" text NOT NULL,
	"file_bytes" bigint NOT NULL,
	"file_sha256" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"lines_done" integer DEFAULT 0 NOT NULL,
	"bytes_done" bigint DEFAULT 0 NOT NULL,
	"good_count" integer DEFAULT 0 NOT NULL,
	"bad_count" integer DEFAULT 0 NOT NULL,
	"duplicate_count" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contact_import_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_interval_stats" (
	"interval_start" timestamp with time zone NOT NULL,
	"queue_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"agent_id" uuid,
	"offered" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"abandoned" integer DEFAULT 0 NOT NULL,
	"wait_answered_sum" bigint DEFAULT 0 NOT NULL,
	"wait_abandoned_sum" bigint DEFAULT 0 NOT NULL,
	"talk_sum" bigint DEFAULT 0 NOT NULL,
	"hold_sum" bigint DEFAULT 0 NOT NULL,
	"acw_sum" bigint DEFAULT 0 NOT NULL,
	"fcr_base" integer DEFAULT 0 NOT NULL,
	"repeat_1d" integer DEFAULT 0 NOT NULL,
	"repeat_3d" integer DEFAULT 0 NOT NULL,
	"repeat_7d" integer DEFAULT 0 NOT NULL,
	"ans_le_5" integer DEFAULT 0 NOT NULL,
	"ans_le_10" integer DEFAULT 0 NOT NULL,
	"ans_le_15" integer DEFAULT 0 NOT NULL,
	"ans_le_20" integer DEFAULT 0 NOT NULL,
	"ans_le_30" integer DEFAULT 0 NOT NULL,
	"ans_le_45" integer DEFAULT 0 NOT NULL,
	"ans_le_60" integer DEFAULT 0 NOT NULL,
	"ans_le_90" integer DEFAULT 0 NOT NULL,
	"ans_le_120" integer DEFAULT 0 NOT NULL,
	"ans_le_180" integer DEFAULT 0 NOT NULL,
	"abn_le_5" integer DEFAULT 0 NOT NULL,
	"abn_le_10" integer DEFAULT 0 NOT NULL,
	"abn_le_15" integer DEFAULT 0 NOT NULL,
	"abn_le_20" integer DEFAULT 0 NOT NULL,
	"abn_le_30" integer DEFAULT 0 NOT NULL,
	"abn_le_45" integer DEFAULT 0 NOT NULL,
	"abn_le_60" integer DEFAULT 0 NOT NULL,
	"abn_le_90" integer DEFAULT 0 NOT NULL,
	"abn_le_120" integer DEFAULT 0 NOT NULL,
	"abn_le_180" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_live_calls" (
	"call_id" text PRIMARY KEY NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"queue_id" uuid NOT NULL,
	"agent_id" uuid,
	"caller_number" text,
	"offered_at" timestamp with time zone NOT NULL,
	"ringing_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"hold_seconds" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_queues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"call_id" text NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"queue_id" uuid NOT NULL,
	"agent_id" uuid,
	"offered_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"abandoned_at" timestamp with time zone,
	"wait_seconds" integer DEFAULT 0 NOT NULL,
	"talk_seconds" integer DEFAULT 0 NOT NULL,
	"hold_seconds" integer DEFAULT 0 NOT NULL,
	"acw_seconds" integer DEFAULT 0 NOT NULL,
	"disposition" text,
	"caller_number" text,
	"import_job_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_sla" ADD CONSTRAINT "case_sla_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_sla" ADD CONSTRAINT "case_sla_commitment_id_sla_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."sla_commitments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_alerts" ADD CONSTRAINT "sla_alerts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_commitments" ADD CONSTRAINT "sla_commitments_category_id_case_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."case_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_commitments" ADD CONSTRAINT "sla_commitments_site_id_org_units_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_commitments" ADD CONSTRAINT "sla_commitments_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_agents" ADD CONSTRAINT "contact_agents_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_agents" ADD CONSTRAINT "contact_agents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_import_errors" ADD CONSTRAINT "contact_import_errors_job_id_contact_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."contact_import_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_import_jobs" ADD CONSTRAINT "contact_import_jobs_source_id_contact_import_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."contact_import_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_import_sources" ADD CONSTRAINT "contact_import_sources_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_queues" ADD CONSTRAINT "contact_queues_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_sla_next_escalation_idx" ON "case_sla" USING btree ("next_escalation_at") WHERE next_escalation_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "case_sla_commitment_idx" ON "case_sla" USING btree ("commitment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_alerts_once_uq" ON "sla_alerts" USING btree ("case_id","target","kind","cycle");--> statement-breakpoint
CREATE INDEX "sla_alerts_fired_idx" ON "sla_alerts" USING btree ("fired_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_commitments_code_uq" ON "sla_commitments" USING btree ("code");--> statement-breakpoint
CREATE INDEX "agent_state_events_agent_idx" ON "agent_state_events" USING btree ("agent_id","at");--> statement-breakpoint
CREATE INDEX "agent_state_events_user_idx" ON "agent_state_events" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "agent_state_events_org_idx" ON "agent_state_events" USING btree ("org_unit_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_agents_org_login_uq" ON "contact_agents" USING btree ("org_unit_id","login_id");--> statement-breakpoint
CREATE INDEX "contact_agents_user_idx" ON "contact_agents" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_import_errors_job_line_uq" ON "contact_import_errors" USING btree ("job_id","line");--> statement-breakpoint
CREATE INDEX "contact_import_jobs_source_idx" ON "contact_import_jobs" USING btree ("source_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_import_sources_code_uq" ON "contact_import_sources" USING btree ("code");--> statement-breakpoint
CREATE INDEX "contact_interval_stats_start_idx" ON "contact_interval_stats" USING btree ("interval_start");--> statement-breakpoint
CREATE INDEX "contact_interval_stats_queue_idx" ON "contact_interval_stats" USING btree ("queue_id","interval_start");--> statement-breakpoint
CREATE INDEX "contact_interval_stats_agent_idx" ON "contact_interval_stats" USING btree ("agent_id","interval_start");--> statement-breakpoint
CREATE INDEX "contact_interval_stats_org_idx" ON "contact_interval_stats" USING btree ("org_unit_id","interval_start");--> statement-breakpoint
CREATE INDEX "contact_live_calls_queue_idx" ON "contact_live_calls" USING btree ("queue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_queues_org_code_uq" ON "contact_queues" USING btree ("org_unit_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_records_source_call_uq" ON "contact_records" USING btree ("source","call_id");--> statement-breakpoint
CREATE INDEX "contact_records_offered_idx" ON "contact_records" USING btree ("offered_at");--> statement-breakpoint
CREATE INDEX "contact_records_queue_idx" ON "contact_records" USING btree ("queue_id","offered_at");--> statement-breakpoint
CREATE INDEX "contact_records_agent_idx" ON "contact_records" USING btree ("agent_id","offered_at");--> statement-breakpoint
CREATE INDEX "contact_records_org_idx" ON "contact_records" USING btree ("org_unit_id","offered_at");--> statement-breakpoint
CREATE INDEX "contact_records_caller_idx" ON "contact_records" USING btree ("caller_number","offered_at");