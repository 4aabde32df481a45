CREATE TABLE "agent_state_stats" (
	"grain" text NOT NULL,
	"bin_start" timestamp with time zone NOT NULL,
	"agent_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"ready_seconds" double precision DEFAULT 0 NOT NULL,
	"busy_seconds" double precision DEFAULT 0 NOT NULL,
	"not_ready_seconds" double precision DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_agent_day_stats" (
	"day" timestamp with time zone NOT NULL,
	"queue_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
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
CREATE TABLE "contact_queue_stats" (
	"interval_start" timestamp with time zone NOT NULL,
	"queue_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
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
CREATE INDEX "agent_state_stats_bin_idx" ON "agent_state_stats" USING btree ("grain","bin_start");--> statement-breakpoint
CREATE INDEX "agent_state_stats_agent_idx" ON "agent_state_stats" USING btree ("agent_id","grain","bin_start");--> statement-breakpoint
CREATE INDEX "contact_agent_day_stats_day_idx" ON "contact_agent_day_stats" USING btree ("day");--> statement-breakpoint
CREATE INDEX "contact_agent_day_stats_agent_idx" ON "contact_agent_day_stats" USING btree ("agent_id","day");--> statement-breakpoint
CREATE INDEX "contact_queue_stats_start_idx" ON "contact_queue_stats" USING btree ("interval_start");--> statement-breakpoint
CREATE INDEX "contact_queue_stats_queue_idx" ON "contact_queue_stats" USING btree ("queue_id","interval_start");