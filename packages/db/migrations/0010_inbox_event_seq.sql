DROP INDEX "inbox_events_client_idx";--> statement-breakpoint
ALTER TABLE "inbox_events" ADD COLUMN "seq" bigint;--> statement-breakpoint
-- Rows written before this migration committed in id order (under the old global lock): their id is their public id.
UPDATE "inbox_events" SET "seq" = "id";--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_events_seq_idx" ON "inbox_events" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "inbox_events_client_seq_idx" ON "inbox_events" USING btree ("client_id","seq");--> statement-breakpoint
CREATE INDEX "inbox_events_unstamped_idx" ON "inbox_events" USING btree ("id") WHERE "inbox_events"."seq" is null;