DROP INDEX "conversations_client_counts_idx";--> statement-breakpoint
DROP INDEX "conversations_client_assignee_idx";--> statement-breakpoint
DROP INDEX "conversations_campaign_idx";--> statement-breakpoint
CREATE INDEX "conversations_client_assignee_status_idx" ON "conversations" USING btree ("client_id","assignee_user_id","status","last_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "conversations_account_last_idx" ON "conversations" USING btree ("linkedin_account_id","last_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "conversations_client_assignee_idx" ON "conversations" USING btree ("client_id","assignee_user_id","last_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "conversations_campaign_idx" ON "conversations" USING btree ("campaign_id","last_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);