CREATE TABLE "account_connect_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"token" text NOT NULL,
	"account_name" text,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"unipile_account_id" text,
	"completed_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_connect_requests_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "automation_state" (
	"key" text PRIMARY KEY NOT NULL,
	"running" boolean NOT NULL,
	"reason" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_connect_requests" ADD CONSTRAINT "account_connect_requests_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leads_campaign_created_idx" ON "leads" USING btree ("campaign_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "leads_campaign_public_uq" ON "leads" USING btree ("campaign_id","public_identifier") WHERE "leads"."public_identifier" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "leads_campaign_provider_uq" ON "leads" USING btree ("campaign_id","provider_id") WHERE "leads"."provider_id" is not null;