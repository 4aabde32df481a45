-- Search keyed by day, site, then word (ADR 0003, addendum 2026-11-30): a hall's search asks the index
-- for its own site's matches instead of reading every hall's. Replaces the day-and-word index, which
-- it also serves.
CREATE INDEX IF NOT EXISTS "cases_day_site_search_idx" ON "cases" USING gin ((("created_at" AT TIME ZONE 'UTC')::date),"site_id","search_vector");--> statement-breakpoint
DROP INDEX IF EXISTS "cases_day_search_idx";
