import { conversations } from '@outreach/db';
import { sql } from 'drizzle-orm';
import { insertConversation, insertInboxMessage } from '@outreach/testing';
import type { GatewayHarness } from '../../test-support/harness';
import { leadTenant } from '../../test-support/leads';

/** A lead tenant (agent, viewer, stranger) plus a second agent and an admin, for inbox tests. */
export async function inboxTenant(g: GatewayHarness) {
  const t = await leadTenant(g);
  const agentB = await g.createUser('agent', t.client.id);
  return { ...t, agentB };
}
export type InboxTenant = Awaited<ReturnType<typeof inboxTenant>>;

/** A conversation of the tenant's account with one inbound message (so it is unread for everyone). */
export async function conversationWithReply(
  g: GatewayHarness,
  t: InboxTenant,
  opts: { text?: string; at?: Date } & Partial<typeof conversations.$inferInsert> = {},
) {
  const { text, at, ...overrides } = opts;
  const c = await insertConversation(g.database.db, t.account, { campaignId: t.campaign.id, ...overrides });
  await insertInboxMessage(g.database.db, c, { direction: 'inbound', text: text ?? 'Interested, tell me more', sentAt: at ?? new Date() });
  return c;
}

/** `count(*)` of the tenant's conversations under a raw condition (alias `c`): the independent check of `meta`. */
export async function countWhere(g: GatewayHarness, clientId: string, condition: ReturnType<typeof sql>): Promise<number> {
  const rows = (await g.database.db.execute(
    sql`select count(*)::int as n from conversations c where c.client_id = ${clientId}::uuid and ${condition}`,
  )) as unknown as Array<{ n: number }>;
  return rows[0]!.n;
}
