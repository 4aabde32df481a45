-- Search keyed by day, then word (ADR 0003, addendum 2026-11-29 night): btree_gin lets a GIN index
-- hold the case's UTC day beside its words; it replaces the words-only index, which it also serves.
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "cases_day_search_idx" ON "cases" USING gin ((("created_at" AT TIME ZONE 'UTC')::date),"search_vector");--> statement-breakpoint
DROP INDEX IF EXISTS "cases_search_vector_idx";
