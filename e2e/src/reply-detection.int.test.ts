import { events, leads, webhookDeliveries } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { insertLead, waitFor } from '@outreach/testing';
import { startPlatform, type Platform } from './support/platform';

jest.setTimeout(60_000);

let p: Platform;
beforeAll(async () => {
  p = await startPlatform({
    matcherEnv: { REPLY_POLL_INTERVAL_SECONDS: '1', REPLY_POLLER_SYNC_SECONDS: '1', REPLY_POLL_LOOKBACK_MINUTES: '30' },
  });
});
afterAll(async () => {
  await p?.close();
});

const leadRow = async (id: string) => (await p.database.db.select().from(leads).where(eq(leads.id, id)))[0];
const repliesOf = (leadId: string) =>
  p.database.db
    .select()
    .from(events)
    .where(and(eq(events.leadId, leadId), eq(events.type, 'message_received')));

async function newLead(status: 'invite_sent' | 'messaged' = 'messaged') {
  const person = await p.control.createPerson({ first_name: 'Chris', last_name: `Prospect ${Math.random().toString(36).slice(2, 8)}` });
  const lead = await insertLead(p.database.db, p.tenant.campaign, {
    providerId: person.provider_id,
    publicIdentifier: person.public_identifier,
    status,
  });
  return { person, lead };
}

describe('reply detection end to end (sandbox → webhook-ingest → reply-matcher)', () => {
  it('marks the lead responded when the prospect replies', async () => {
    const { person, lead } = await newLead();
    await p.control.reply(person.provider_id, { account_id: p.account.id, text: 'Sounds good' });
    await waitFor(async () => (await leadRow(lead.id))?.status === 'responded', { what: 'lead responded', timeoutMs: 10_000 });
    const replies = await repliesOf(lead.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.meta).toMatchObject({ detection: 'webhook', text: 'Sounds good' });
  });

  it('turns one delivery sent six times into one event and one notification job', async () => {
    const { person, lead } = await newLead();
    await p.control.addWebhookFault({ mode: 'duplicate', copies: 6, match: { event: 'message_received', account_id: p.account.id } });
    const sent = await p.control.reply(person.provider_id, { account_id: p.account.id, text: 'Duplicated' });
    await p.control.settle(10_000);
    const key = `message_received:${p.account.id}:${sent.message_id}`;
    await waitFor(
      async () => {
        const [row] = await p.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryKey, key));
        return row && row.outcome === 'matched' ? row : undefined;
      },
      { what: 'delivery processed', timeoutMs: 10_000 },
    );
    // Duplicates arriving while the first job is kept in Redis are absorbed there; later ones by the database.
    const attempts = await p.control.deliveries({ event: 'message_received', account_id: p.account.id });
    expect(attempts.items.filter((a) => a.body.includes(sent.message_id) && a.status === 200)).toHaveLength(6);
    expect(await repliesOf(lead.id)).toHaveLength(1);
    const notifications = await p.queues.notifications.getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(notifications.filter((j) => j.data.leadId === lead.id)).toHaveLength(1);
  });

  it('finds a reply whose webhook was dropped by polling within one interval', async () => {
    const { person, lead } = await newLead();
    await p.control.addWebhookFault({ mode: 'drop', match: { event: 'message_received', account_id: p.account.id } });
    await p.control.reply(person.provider_id, { account_id: p.account.id, text: 'Dropped on the way' });
    // Poll interval 1 s, poller reconciliation 1 s: well within a few intervals.
    await waitFor(async () => (await leadRow(lead.id))?.status === 'responded', { what: 'reply found by polling', timeoutMs: 10_000 });
    const replies = await repliesOf(lead.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.meta).toMatchObject({ detection: 'polling' });
  });

  it('connects a lead when the sandbox person accepts the invitation', async () => {
    const { person, lead } = await newLead('invite_sent');
    await p.database.db.update(leads).set({ publicIdentifier: person.public_identifier }).where(eq(leads.id, lead.id));
    // The sandbox knows an invitation only once one was sent: send it through Unipile's API as the sender would.
    const res = await fetch(`${p.sandbox.url}/api/v1/users/invite`, {
      method: 'POST',
      headers: { 'X-API-KEY': 'e2e-sandbox-key', 'content-type': 'application/json' },
      body: JSON.stringify({ account_id: p.account.id, provider_id: person.provider_id }),
    });
    expect(res.status).toBe(200);
    await p.control.accept(person.provider_id, { account_id: p.account.id });
    await waitFor(async () => (await leadRow(lead.id))?.status === 'connected', { what: 'lead connected', timeoutMs: 10_000 });
  });
});
