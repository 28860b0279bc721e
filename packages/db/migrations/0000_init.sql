CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'active', 'paused', 'stopped', 'completed');--> statement-breakpoint
CREATE TYPE "public"."event_type" AS ENUM('connection_request_sent', 'connection_request_failed', 'connection_accepted', 'connection_accepted_historical', 'message_sent', 'message_failed', 'message_received', 'invite_withdrawn', 'lead_status_changed', 'campaign_started', 'campaign_paused', 'campaign_resumed', 'campaign_stopped', 'rate_limited', 'account_status_changed');--> statement-breakpoint
CREATE TYPE "public"."lead_status" AS ENUM('pending_invite', 'invite_sent', 'connected', 'messaged', 'responded', 'completed', 'error', 'skipped', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."outbound_action_kind" AS ENUM('invite', 'message', 'withdraw');--> statement-breakpoint
CREATE TYPE "public"."outbound_status" AS ENUM('queued', 'sending', 'sent', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."rate_action" AS ENUM('invite', 'message', 'profile_view');--> statement-breakpoint
CREATE TYPE "public"."step_action" AS ENUM('invite', 'message');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'agent', 'viewer');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"report_emails" text[] DEFAULT '{}'::text[] NOT NULL,
	"notification_emails" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkedin_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"unipile_account_id" text NOT NULL,
	"name" text NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"provider_user_id" text,
	"public_identifier" text,
	"status" text DEFAULT 'OK' NOT NULL,
	"status_updated_at" timestamp with time zone,
	"daily_invite_limit" integer DEFAULT 25 NOT NULL,
	"daily_message_limit" integer DEFAULT 100 NOT NULL,
	"daily_profile_view_limit" integer DEFAULT 80 NOT NULL,
	"weekly_invite_limit" integer DEFAULT 100 NOT NULL,
	"min_action_spacing_seconds" integer DEFAULT 60 NOT NULL,
	"max_action_spacing_seconds" integer DEFAULT 300 NOT NULL,
	"warmup_start_limit" integer,
	"warmup_days" integer,
	"cooldown_until" timestamp with time zone,
	"paused_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_usage" (
	"linkedin_account_id" uuid NOT NULL,
	"action" "rate_action" NOT NULL,
	"day" date NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_usage_linkedin_account_id_action_day_pk" PRIMARY KEY("linkedin_account_id","action","day")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"linkedin_account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" "campaign_status" DEFAULT 'draft' NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"working_days" integer[] DEFAULT '{1,2,3,4,5}'::integer[] NOT NULL,
	"working_hours_start" text DEFAULT '09:00' NOT NULL,
	"working_hours_end" text DEFAULT '17:00' NOT NULL,
	"holidays" text[] DEFAULT '{}'::text[] NOT NULL,
	"message_first_degree" boolean DEFAULT true NOT NULL,
	"started_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"first_name" text,
	"last_name" text,
	"company" text,
	"title" text,
	"profile_url" text,
	"public_identifier" text,
	"provider_id" text,
	"member_id" text,
	"conversation_id" text,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "lead_status" DEFAULT 'pending_invite' NOT NULL,
	"current_step" integer DEFAULT 0 NOT NULL,
	"next_action_at" timestamp with time zone,
	"last_step_sent_at" timestamp with time zone,
	"invite_sent_at" timestamp with time zone,
	"connected_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"error_code" text,
	"error_message" text,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"stop_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sequence_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"action" "step_action" NOT NULL,
	"template" text DEFAULT '' NOT NULL,
	"delay_working_days" integer,
	"delay_minutes" integer,
	"accept_timeout_days" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"campaign_id" uuid,
	"lead_id" uuid,
	"linkedin_account_id" uuid,
	"type" "event_type" NOT NULL,
	"external_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"linkedin_account_id" uuid NOT NULL,
	"lead_id" uuid,
	"chat_id" text NOT NULL,
	"external_message_id" text NOT NULL,
	"provider_message_id" text,
	"direction" text NOT NULL,
	"sender_provider_id" text,
	"text" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"detection" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_key" text NOT NULL,
	"kind" text NOT NULL,
	"event" text,
	"route" text NOT NULL,
	"unipile_account_id" text,
	"chat_id" text,
	"message_id" text,
	"body" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone,
	"outcome" text DEFAULT 'pending' NOT NULL,
	"client_id" uuid,
	"lead_id" uuid,
	"match_key" text,
	"tried_keys" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "outbound_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"linkedin_account_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"action" "outbound_action_kind" NOT NULL,
	"status" "outbound_status" DEFAULT 'queued' NOT NULL,
	"job_id" text,
	"rendered_text" text,
	"unipile_message_id" text,
	"chat_id" text,
	"invitation_id" text,
	"error_code" text,
	"error_message" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkedin_accounts" ADD CONSTRAINT "linkedin_accounts_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rate_usage" ADD CONSTRAINT "rate_usage_linkedin_account_id_linkedin_accounts_id_fk" FOREIGN KEY ("linkedin_account_id") REFERENCES "public"."linkedin_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_linkedin_account_id_linkedin_accounts_id_fk" FOREIGN KEY ("linkedin_account_id") REFERENCES "public"."linkedin_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sequence_steps" ADD CONSTRAINT "sequence_steps_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_linkedin_account_id_linkedin_accounts_id_fk" FOREIGN KEY ("linkedin_account_id") REFERENCES "public"."linkedin_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_linkedin_account_id_linkedin_accounts_id_fk" FOREIGN KEY ("linkedin_account_id") REFERENCES "public"."linkedin_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_actions" ADD CONSTRAINT "outbound_actions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_actions" ADD CONSTRAINT "outbound_actions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_actions" ADD CONSTRAINT "outbound_actions_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_actions" ADD CONSTRAINT "outbound_actions_linkedin_account_id_linkedin_accounts_id_fk" FOREIGN KEY ("linkedin_account_id") REFERENCES "public"."linkedin_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_uq" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_client_idx" ON "api_keys" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_uq" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_client_idx" ON "users" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "linkedin_accounts_unipile_uq" ON "linkedin_accounts" USING btree ("unipile_account_id");--> statement-breakpoint
CREATE INDEX "linkedin_accounts_client_idx" ON "linkedin_accounts" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "campaigns_client_idx" ON "campaigns" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "campaigns_account_idx" ON "campaigns" USING btree ("linkedin_account_id");--> statement-breakpoint
CREATE INDEX "leads_client_provider_idx" ON "leads" USING btree ("client_id","provider_id");--> statement-breakpoint
CREATE INDEX "leads_client_public_idx" ON "leads" USING btree ("client_id","public_identifier");--> statement-breakpoint
CREATE INDEX "leads_client_member_idx" ON "leads" USING btree ("client_id","member_id");--> statement-breakpoint
CREATE INDEX "leads_client_conversation_idx" ON "leads" USING btree ("client_id","conversation_id");--> statement-breakpoint
CREATE INDEX "leads_campaign_status_idx" ON "leads" USING btree ("campaign_id","status","id");--> statement-breakpoint
CREATE INDEX "leads_due_idx" ON "leads" USING btree ("next_action_at") WHERE "leads"."status" in ('pending_invite', 'invite_sent', 'connected', 'messaged');--> statement-breakpoint
CREATE UNIQUE INDEX "sequence_steps_campaign_position_uq" ON "sequence_steps" USING btree ("campaign_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "events_message_received_uq" ON "events" USING btree ("lead_id","external_id") WHERE "events"."type" = 'message_received';--> statement-breakpoint
CREATE UNIQUE INDEX "events_connection_accepted_uq" ON "events" USING btree ("lead_id") WHERE "events"."type" in ('connection_accepted', 'connection_accepted_historical');--> statement-breakpoint
CREATE INDEX "events_lead_idx" ON "events" USING btree ("lead_id","occurred_at");--> statement-breakpoint
CREATE INDEX "events_client_type_idx" ON "events" USING btree ("client_id","type","occurred_at");--> statement-breakpoint
CREATE INDEX "events_campaign_type_idx" ON "events" USING btree ("campaign_id","type","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_account_external_uq" ON "messages" USING btree ("linkedin_account_id","external_message_id");--> statement-breakpoint
CREATE INDEX "messages_lead_idx" ON "messages" USING btree ("lead_id","sent_at");--> statement-breakpoint
CREATE INDEX "messages_chat_idx" ON "messages" USING btree ("linkedin_account_id","chat_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_key_uq" ON "webhook_deliveries" USING btree ("delivery_key");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_lead_idx" ON "webhook_deliveries" USING btree ("lead_id","received_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_outcome_idx" ON "webhook_deliveries" USING btree ("outcome","received_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_account_idx" ON "webhook_deliveries" USING btree ("unipile_account_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_actions_lead_step_uq" ON "outbound_actions" USING btree ("lead_id","step","action");--> statement-breakpoint
CREATE INDEX "outbound_actions_status_idx" ON "outbound_actions" USING btree ("lead_id","status");--> statement-breakpoint
CREATE INDEX "outbound_actions_account_idx" ON "outbound_actions" USING btree ("linkedin_account_id","status");