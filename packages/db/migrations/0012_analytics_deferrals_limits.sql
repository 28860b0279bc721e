CREATE TABLE "account_limit_history" (
	"linkedin_account_id" uuid NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"daily_invite_limit" integer NOT NULL,
	"daily_message_limit" integer NOT NULL,
	"daily_profile_view_limit" integer NOT NULL,
	"weekly_invite_limit" integer NOT NULL,
	"warmup_start_limit" integer,
	"warmup_days" integer,
	CONSTRAINT "account_limit_history_linkedin_account_id_effective_from_pk" PRIMARY KEY("linkedin_account_id","effective_from")
);
--> statement-breakpoint
CREATE TABLE "rate_deferrals" (
	"linkedin_account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"reason" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"last_subject_id" uuid,
	"last_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_deferrals_linkedin_account_id_day_reason_pk" PRIMARY KEY("linkedin_account_id","day","reason"),
	CONSTRAINT "rate_deferrals_reason_ck" CHECK ("rate_deferrals"."reason" in ('daily_cap', 'weekly_cap', 'spacing', 'window_closed', 'cooldown'))
);
--> statement-breakpoint
ALTER TABLE "event_rollups" DROP CONSTRAINT "event_rollups_client_id_clients_id_fk";
--> statement-breakpoint
ALTER TABLE "lead_facts" DROP CONSTRAINT "lead_facts_client_id_clients_id_fk";
--> statement-breakpoint
ALTER TABLE "account_limit_history" ADD CONSTRAINT "account_limit_history_linkedin_account_id_linkedin_accounts_id_fk" FOREIGN KEY ("linkedin_account_id") REFERENCES "public"."linkedin_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rate_deferrals" ADD CONSTRAINT "rate_deferrals_linkedin_account_id_linkedin_accounts_id_fk" FOREIGN KEY ("linkedin_account_id") REFERENCES "public"."linkedin_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Every account's limits as they stand now, in force since the account was created (no earlier version is known).
INSERT INTO "account_limit_history" ("linkedin_account_id", "effective_from", "daily_invite_limit", "daily_message_limit", "daily_profile_view_limit", "weekly_invite_limit", "warmup_start_limit", "warmup_days")
SELECT "id", "created_at", "daily_invite_limit", "daily_message_limit", "daily_profile_view_limit", "weekly_invite_limit", "warmup_start_limit", "warmup_days" FROM "linkedin_accounts"
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- A trigger, not application code: every write path (API, scripts, direct SQL) records the version it makes.
CREATE OR REPLACE FUNCTION record_account_limits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_limit_history (linkedin_account_id, effective_from, daily_invite_limit, daily_message_limit, daily_profile_view_limit, weekly_invite_limit, warmup_start_limit, warmup_days)
  VALUES (NEW.id, CASE WHEN TG_OP = 'INSERT' THEN NEW.created_at ELSE clock_timestamp() END, NEW.daily_invite_limit, NEW.daily_message_limit, NEW.daily_profile_view_limit, NEW.weekly_invite_limit, NEW.warmup_start_limit, NEW.warmup_days)
  ON CONFLICT (linkedin_account_id, effective_from) DO UPDATE SET
    daily_invite_limit = EXCLUDED.daily_invite_limit, daily_message_limit = EXCLUDED.daily_message_limit,
    daily_profile_view_limit = EXCLUDED.daily_profile_view_limit, weekly_invite_limit = EXCLUDED.weekly_invite_limit,
    warmup_start_limit = EXCLUDED.warmup_start_limit, warmup_days = EXCLUDED.warmup_days;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER linkedin_accounts_limits_history AFTER INSERT ON "linkedin_accounts" FOR EACH ROW EXECUTE FUNCTION record_account_limits();--> statement-breakpoint
CREATE TRIGGER linkedin_accounts_limits_change AFTER UPDATE ON "linkedin_accounts" FOR EACH ROW
  WHEN ((OLD.daily_invite_limit, OLD.daily_message_limit, OLD.daily_profile_view_limit, OLD.weekly_invite_limit, OLD.warmup_start_limit, OLD.warmup_days)
    IS DISTINCT FROM (NEW.daily_invite_limit, NEW.daily_message_limit, NEW.daily_profile_view_limit, NEW.weekly_invite_limit, NEW.warmup_start_limit, NEW.warmup_days))
  EXECUTE FUNCTION record_account_limits();--> statement-breakpoint
-- The rollups go with their client as the foreign keys' cascade took them (both tables have an index led by client_id).
CREATE OR REPLACE FUNCTION delete_client_analytics() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM event_rollups WHERE client_id = OLD.id;
  DELETE FROM lead_facts WHERE client_id = OLD.id;
  RETURN OLD;
END $$;--> statement-breakpoint
CREATE TRIGGER clients_delete_analytics AFTER DELETE ON "clients" FOR EACH ROW EXECUTE FUNCTION delete_client_analytics();
