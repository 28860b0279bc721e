ALTER TABLE "linkedin_accounts" ALTER COLUMN "min_action_spacing_seconds" SET DATA TYPE double precision;--> statement-breakpoint
ALTER TABLE "linkedin_accounts" ALTER COLUMN "min_action_spacing_seconds" SET DEFAULT 60;--> statement-breakpoint
ALTER TABLE "linkedin_accounts" ALTER COLUMN "max_action_spacing_seconds" SET DATA TYPE double precision;--> statement-breakpoint
ALTER TABLE "linkedin_accounts" ALTER COLUMN "max_action_spacing_seconds" SET DEFAULT 300;