-- conversation_counts is an append-only ledger kept by statement triggers: every statement that
-- changes conversations (ingestion, API actions, the snooze job, cascades from clients, accounts and
-- users) appends its deltas, summed per key, in its own transaction. Appending takes no lock another
-- writer waits on (an upsert of a shared row would).
-- Keys whose delta is zero write nothing: a new message in an already-counted conversation appends no row.
CREATE FUNCTION conversation_counts_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO conversation_counts (client_id, status, assignee_user_id, total, with_inbound)
  SELECT client_id, status, assignee_user_id, count(*), count(last_inbound_at) FROM new_rows GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION conversation_counts_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO conversation_counts (client_id, status, assignee_user_id, total, with_inbound)
  SELECT client_id, status, assignee_user_id, sum(t), sum(i)
  FROM (
    SELECT client_id, status, assignee_user_id, 1 AS t, (last_inbound_at IS NOT NULL)::int AS i FROM new_rows
    UNION ALL
    SELECT client_id, status, assignee_user_id, -1, -(last_inbound_at IS NOT NULL)::int FROM old_rows
  ) d
  GROUP BY 1, 2, 3 HAVING sum(t) <> 0 OR sum(i) <> 0;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION conversation_counts_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO conversation_counts (client_id, status, assignee_user_id, total, with_inbound)
  SELECT client_id, status, assignee_user_id, -count(*), -count(last_inbound_at) FROM old_rows GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversation_counts_after_insert();--> statement-breakpoint
CREATE TRIGGER conversation_counts_update AFTER UPDATE ON conversations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversation_counts_after_update();--> statement-breakpoint
CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION conversation_counts_after_delete();--> statement-breakpoint
-- The triggers exist before the backfill inside this migration's transaction, which holds writes to
-- conversations until commit (CREATE TRIGGER's lock): no conversation is counted twice or missed.
INSERT INTO conversation_counts (client_id, status, assignee_user_id, total, with_inbound, is_compacted)
SELECT client_id, status, assignee_user_id, count(*), count(last_inbound_at), true FROM conversations GROUP BY 1, 2, 3;
