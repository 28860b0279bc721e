import { randomUUID } from 'node:crypto';
import { conversations, users } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { insertConversation, insertInboxMessage } from '@outreach/testing';
import { APP_BASE_URL, emailsOfClient, insertNotifiedTenant, startNotifierHarness, type NotifierHarness } from '../test-support/harness';
import { processNotifyAssignee } from './notify-assignee';

let h: NotifierHarness;
beforeAll(async () => {
  h = await startNotifierHarness();
});
afterAll(async () => {
  await h.close();
});

async function assignedReply(assigned = true) {
  const t = await insertNotifiedTenant(h.database.db);
  const [agent] = await h.database.db
    .insert(users)
    .values({ email: `agent-${randomUUID().slice(0, 8)}@acme.test`, role: 'agent', clientId: t.client.id, passwordHash: 'x' })
    .returning();
  const c = await insertConversation(h.database.db, t.account, {
    leadId: t.lead.id,
    campaignId: t.campaign.id,
    assigneeUserId: assigned ? agent!.id : null,
  });
  const messageId = await insertInboxMessage(h.database.db, c, { direction: 'inbound', text: 'Can we talk <tomorrow>?' });
  return { t, agent: agent!, c, messageId };
}

describe('notify-assignee', () => {
  it('emails the assignee once per message, however often the job runs', async () => {
    const w = await assignedReply();
    expect(await processNotifyAssignee(h.deps, { messageId: w.messageId, clientId: w.t.client.id })).toMatchObject({ outcome: 'sent' });
    expect(await processNotifyAssignee(h.deps, { messageId: w.messageId, clientId: w.t.client.id })).toMatchObject({
      outcome: 'already_sent',
    });
    const sent = await emailsOfClient(h.database.db, w.t.client.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      kind: 'inbox_assigned_reply',
      to: [w.agent.email],
      subject: 'Ana Silva replied in a conversation assigned to you',
      status: 'sent',
    });
    expect(sent[0]!.html).toContain('&lt;tomorrow&gt;');
    expect(sent[0]!.text).toContain(`${APP_BASE_URL}/inbox/${w.c.id}`);
  });

  it('tells nobody when the conversation was unassigned meanwhile, or for another client’s id', async () => {
    const w = await assignedReply();
    expect(await processNotifyAssignee(h.deps, { messageId: w.messageId, clientId: randomUUID() })).toEqual({
      outcome: 'skipped',
      reason: 'no_assignee',
    });
    await h.database.db.update(conversations).set({ assigneeUserId: null }).where(eq(conversations.id, w.c.id));
    expect(await processNotifyAssignee(h.deps, { messageId: w.messageId, clientId: w.t.client.id })).toEqual({
      outcome: 'skipped',
      reason: 'no_assignee',
    });
    expect(await emailsOfClient(h.database.db, w.t.client.id)).toHaveLength(0);
  });
});
