-- The work-order event log is append-only: an UPDATE or DELETE of a work-order event is refused by the database
-- itself, whatever the application does. (Restores and the verify test's tamper check run with
-- session_replication_role = replica, which skips ordinary triggers.)
CREATE OR REPLACE FUNCTION hotline_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'hotline_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER hotline_events_no_update BEFORE UPDATE OR DELETE ON hotline_events FOR EACH ROW EXECUTE FUNCTION hotline_events_append_only();
--> statement-breakpoint
CREATE TRIGGER hotline_events_no_truncate BEFORE TRUNCATE ON hotline_events FOR EACH STATEMENT EXECUTE FUNCTION hotline_events_append_only();
