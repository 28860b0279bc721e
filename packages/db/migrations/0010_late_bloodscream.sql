CREATE TABLE "conversation_counts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"status" text NOT NULL,
	"assignee_user_id" uuid,
	"total" integer NOT NULL,
	"with_inbound" integer NOT NULL,
	"is_compacted" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "conversation_counts_client_idx" ON "conversation_counts" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "conversation_counts_pending_idx" ON "conversation_counts" USING btree ("client_id") WHERE not "conversation_counts"."is_compacted";