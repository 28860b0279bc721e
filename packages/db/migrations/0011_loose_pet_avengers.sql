ALTER TABLE "event_rollups" DROP CONSTRAINT "event_rollups_client_id_clients_id_fk";
--> statement-breakpoint
ALTER TABLE "lead_facts" DROP CONSTRAINT "lead_facts_client_id_clients_id_fk";
--> statement-breakpoint
-- The rollups go with their client as the foreign keys' cascade took them (both tables have an index led by client_id).
CREATE OR REPLACE FUNCTION delete_client_analytics() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM event_rollups WHERE client_id = OLD.id;
  DELETE FROM lead_facts WHERE client_id = OLD.id;
  RETURN OLD;
END $$;--> statement-breakpoint
CREATE TRIGGER clients_delete_analytics AFTER DELETE ON "clients" FOR EACH ROW EXECUTE FUNCTION delete_client_analytics();
