-- The bundle event log is append-only, as case_events: the database refuses UPDATE, DELETE and TRUNCATE.
CREATE OR REPLACE FUNCTION bundle_case_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'bundle_case_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER bundle_case_events_no_update BEFORE UPDATE OR DELETE ON bundle_case_events FOR EACH ROW EXECUTE FUNCTION bundle_case_events_append_only();
--> statement-breakpoint
CREATE TRIGGER bundle_case_events_no_truncate BEFORE TRUNCATE ON bundle_case_events FOR EACH STATEMENT EXECUTE FUNCTION bundle_case_events_append_only();
