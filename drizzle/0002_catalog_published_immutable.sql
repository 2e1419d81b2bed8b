-- A published version of a service item is the one cases were filed under: it is never changed or removed.
CREATE OR REPLACE FUNCTION catalog_published_version_immutable() RETURNS trigger AS $$
BEGIN
  IF OLD.state = 'published' THEN
    RAISE EXCEPTION 'catalog item % version % is published and cannot be changed', OLD.item_id, OLD.version
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER catalog_item_versions_immutable
  BEFORE UPDATE OR DELETE ON catalog_item_versions
  FOR EACH ROW EXECUTE FUNCTION catalog_published_version_immutable();
