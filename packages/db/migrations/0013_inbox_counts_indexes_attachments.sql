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
CREATE TABLE "reply_attachment_files" (
	"message_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"file_name" text NOT NULL,
	"mimetype" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reply_attachment_files_message_id_position_pk" PRIMARY KEY("message_id","position")
);
--> statement-breakpoint
DROP INDEX "conversations_client_counts_idx";--> statement-breakpoint
DROP INDEX "conversations_client_assignee_idx";--> statement-breakpoint
DROP INDEX "conversations_campaign_idx";--> statement-breakpoint
ALTER TABLE "reply_attachment_files" ADD CONSTRAINT "reply_attachment_files_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_counts_client_idx" ON "conversation_counts" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "conversation_counts_pending_idx" ON "conversation_counts" USING btree ("client_id") WHERE not "conversation_counts"."is_compacted";--> statement-breakpoint
CREATE INDEX "conversations_client_assignee_status_idx" ON "conversations" USING btree ("client_id","assignee_user_id","status","last_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "conversations_account_last_idx" ON "conversations" USING btree ("linkedin_account_id","last_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "conversations_client_assignee_idx" ON "conversations" USING btree ("client_id","assignee_user_id","last_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "conversations_campaign_idx" ON "conversations" USING btree ("campaign_id","last_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);