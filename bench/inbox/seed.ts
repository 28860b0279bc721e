import { randomUUID } from 'node:crypto';
import { users, type Database } from '@outreach/db';
import { insertAccount, insertCampaign, insertClient } from '@outreach/testing';

/**
 * A client with `conversations` conversations and `messages` messages spread over them (every
 * 20,000th word is shared, so a search hits a few hundred messages), written by generate_series in
 * a few statements. A second client gets the same amount of noise so the tenant filter has work.
 */
export async function seedInbox(database: Database, size: { conversations: number; messages: number }) {
  const tenants: Array<{ client: { id: string }; account: { id: string }; campaign: { id: string }; agent: { id: string } }> = [];
  for (const name of ['bench-inbox', 'bench-inbox-noise']) {
    const client = await insertClient(database.db, { name: `${name} ${new Date().toISOString()}` });
    const account = await insertAccount(database.db, client.id);
    const campaign = await insertCampaign(database.db, client.id, account.id);
    const [agent] = await database.db
      .insert(users)
      .values({
        email: `bench-${randomUUID().slice(0, 8)}@bench.example`,
        role: 'agent',
        clientId: client.id,
        passwordHash: 'bench-no-login',
      })
      .returning();
    const n = size.conversations;
    await database.sql`
      insert into conversations (client_id, linkedin_account_id, chat_id, campaign_id, status, last_message_at, last_inbound_at, last_message_preview, last_message_direction, labels)
      select ${client.id}, ${account.id}, 'bench-' || i, case when i % 3 = 0 then ${campaign.id}::uuid end,
        (array['open','open','pending','closed','snoozed'])[1 + i % 5], now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval,
        'preview ' || i, 'inbound', case when i % 10 = 0 then array['hot'] else '{}'::text[] end
      from generate_series(1, ${n}) i`;
    await database.sql`
      insert into messages (client_id, linkedin_account_id, chat_id, external_message_id, direction, origin, text, sent_at, detection, conversation_id)
      select ${client.id}, ${account.id}, c.chat_id, 'bm-' || ${client.id}::text || '-' || j, case when j % 2 = 0 then 'inbound' else 'outbound' end,
        case when j % 2 = 0 then 'prospect' else 'sequence' end,
        'Hello, about the topic' || (j % 20000) || ' we discussed: budget, timing and next steps', now() - (j || ' seconds')::interval, 'webhook', c.id
      from generate_series(1, ${size.messages}) j
      join conversations c on c.linkedin_account_id = ${account.id} and c.chat_id = 'bench-' || (1 + j % ${n})`;
    tenants.push({ client, account, campaign, agent: agent! });
  }
  // VACUUM, not just ANALYZE: autovacuum would have run after a million inserts in any deployment,
  // and until it does the GIN indexes answer from their pending lists (fastupdate) and the list's
  // index-only counts read the heap: search measured 35–50 ms in the index scan alone, 0.5 ms after.
  await database.sql`vacuum analyze conversations`;
  await database.sql`vacuum analyze messages`;
  return {
    tenant: tenants[0]!,
    remove: async () => {
      for (const t of tenants) await database.sql`delete from clients where id = ${t.client.id}`;
    },
  };
}
