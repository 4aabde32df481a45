-- The default callback rules (issue 3, item 5): every complaint, 10 % of the other cases, due 48 hours after resolution.
-- Administrators change or delete them on the callback rules page; this runs once, on a database that has no rules yet.
INSERT INTO "callback_rules" ("name", "case_types", "sample_percent", "due_minutes", "due_unit", "max_attempts", "retry_after_minutes", "created_at", "updated_at")
SELECT '全部投诉回访', ARRAY['complaint']::text[], 100, 2880, 'minutes', 3, 60, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
WHERE NOT EXISTS (SELECT 1 FROM "callback_rules");--> statement-breakpoint
INSERT INTO "callback_rules" ("name", "case_types", "sample_percent", "due_minutes", "due_unit", "max_attempts", "retry_after_minutes", "created_at", "updated_at")
SELECT '其他工单抽样回访 10%', '{}'::text[], 10, 2880, 'minutes', 3, 60, '2026-01-01T00:00:01Z', '2026-01-01T00:00:01Z'
WHERE (SELECT count(*) FROM "callback_rules") = 1;
