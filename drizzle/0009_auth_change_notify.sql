-- Each app node caches the user behind a session or bearer token for a few seconds
-- (src/server/platform/auth-cache.ts). Whatever changes who a credential belongs to, or
-- what its user may do, tells every node at commit through NOTIFY manyi_auth, whichever
-- code (or hand-written SQL) made the change; each node then drops its cache.
CREATE OR REPLACE FUNCTION manyi_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('manyi_auth', TG_TABLE_NAME);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_auth_changed AFTER UPDATE OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION manyi_auth_changed();
--> statement-breakpoint
CREATE TRIGGER user_roles_auth_changed AFTER INSERT OR UPDATE OR DELETE ON user_roles
  FOR EACH STATEMENT EXECUTE FUNCTION manyi_auth_changed();
--> statement-breakpoint
CREATE TRIGGER org_units_auth_changed AFTER UPDATE OR DELETE ON org_units
  FOR EACH STATEMENT EXECUTE FUNCTION manyi_auth_changed();
--> statement-breakpoint
CREATE TRIGGER sessions_auth_deleted AFTER DELETE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION manyi_auth_changed();
--> statement-breakpoint
-- A request slides a session's idle deadline forward (at most once a minute): that needs no notice.
-- Anything else (an earlier deadline, another start or owner) does.
CREATE TRIGGER sessions_auth_changed AFTER UPDATE ON sessions
  FOR EACH ROW WHEN (NEW.expires_at < OLD.expires_at OR NEW.last_seen_at < OLD.last_seen_at
    OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.user_id IS DISTINCT FROM OLD.user_id)
  EXECUTE FUNCTION manyi_auth_changed();
--> statement-breakpoint
CREATE TRIGGER api_tokens_auth_deleted AFTER DELETE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION manyi_auth_changed();
--> statement-breakpoint
CREATE TRIGGER api_tokens_auth_changed AFTER UPDATE ON api_tokens
  FOR EACH ROW WHEN (NEW.expires_at < OLD.expires_at OR NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
    OR NEW.user_id IS DISTINCT FROM OLD.user_id)
  EXECUTE FUNCTION manyi_auth_changed();
