CREATE TABLE "analytics_rollup_cursor" (
	"name" text PRIMARY KEY NOT NULL,
	"last_event_id" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_rollup_gaps" (
	"event_id" bigint NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_rollup_gaps_event_id_pk" PRIMARY KEY("event_id")
);
--> statement-breakpoint
CREATE TABLE "event_rollups" (
	"client_id" uuid NOT NULL,
	"campaign_id" uuid,
	"linkedin_account_id" uuid,
	"type" "event_type" NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "event_rollups_key_uq" UNIQUE NULLS NOT DISTINCT("client_id","campaign_id","slot","linkedin_account_id","type")
);
--> statement-breakpoint
CREATE TABLE "lead_facts" (
	"lead_id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"campaign_id" uuid,
	"first_invite_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"already_connected_at" timestamp with time zone,
	"first_message_at" timestamp with time zone,
	"first_touch_at" timestamp with time zone,
	"first_reply_at" timestamp with time zone,
	"last_reply_at" timestamp with time zone,
	"replies" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event_rollups" ADD CONSTRAINT "event_rollups_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_facts" ADD CONSTRAINT "lead_facts_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_rollups_account_slot_idx" ON "event_rollups" USING btree ("client_id","linkedin_account_id","slot");--> statement-breakpoint
CREATE INDEX "event_rollups_client_slot_idx" ON "event_rollups" USING btree ("client_id","slot");--> statement-breakpoint
CREATE INDEX "lead_facts_campaign_invite_idx" ON "lead_facts" USING btree ("client_id","campaign_id","first_invite_at");--> statement-breakpoint
CREATE INDEX "lead_facts_campaign_reply_idx" ON "lead_facts" USING btree ("client_id","campaign_id","first_reply_at");--> statement-breakpoint
CREATE INDEX "events_client_campaign_time_idx" ON "events" USING btree ("client_id","campaign_id","occurred_at","id");