-- Inbox backfill for messages stored before the inbox existed (custom: drizzle cannot express data moves).
-- Outbound rows default to origin 'prospect' when the column is added: they were the owner's or the sequence's.
UPDATE "messages" m SET "origin" = CASE
  WHEN EXISTS (SELECT 1 FROM "outbound_actions" a WHERE a."unipile_message_id" = m."external_message_id") THEN 'sequence'
  ELSE 'external_device' END
WHERE m."direction" = 'outbound' AND m."conversation_id" IS NULL;--> statement-breakpoint
-- One conversation per (account, chat) that has messages, with its aggregates.
INSERT INTO "conversations" ("client_id", "linkedin_account_id", "chat_id", "lead_id", "campaign_id", "last_message_at", "last_inbound_at", "last_message_preview", "last_message_direction")
SELECT DISTINCT ON (m."linkedin_account_id", m."chat_id")
  m."client_id", m."linkedin_account_id", m."chat_id",
  (SELECT l."id" FROM "messages" x JOIN "leads" l ON l."id" = x."lead_id" WHERE x."linkedin_account_id" = m."linkedin_account_id" AND x."chat_id" = m."chat_id" AND x."lead_id" IS NOT NULL LIMIT 1),
  (SELECT l."campaign_id" FROM "messages" x JOIN "leads" l ON l."id" = x."lead_id" WHERE x."linkedin_account_id" = m."linkedin_account_id" AND x."chat_id" = m."chat_id" AND x."lead_id" IS NOT NULL LIMIT 1),
  m."sent_at",
  (SELECT max(x."sent_at") FROM "messages" x WHERE x."linkedin_account_id" = m."linkedin_account_id" AND x."chat_id" = m."chat_id" AND x."direction" = 'inbound'),
  left(m."text", 200), m."direction"
FROM "messages" m
WHERE m."conversation_id" IS NULL AND m."chat_id" <> ''
ORDER BY m."linkedin_account_id", m."chat_id", m."sent_at" DESC
ON CONFLICT ("linkedin_account_id", "chat_id") DO NOTHING;--> statement-breakpoint
UPDATE "messages" m SET "conversation_id" = c."id"
FROM "conversations" c
WHERE m."conversation_id" IS NULL AND c."linkedin_account_id" = m."linkedin_account_id" AND c."chat_id" = m."chat_id";
