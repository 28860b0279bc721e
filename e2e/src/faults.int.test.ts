import { randomUUID } from 'node:crypto';
import { events, leads, webhookDeliveries } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { insertLead, waitFor } from '@outreach/testing';
import { PrivateRedis } from './support/redis-server';
import { startPlatform, WEBHOOK_SECRET, type Platform } from './support/platform';

jest.setTimeout(90_000);

const leadRow = async (p: Platform, id: string) => (await p.database.db.select().from(leads).where(eq(leads.id, id)))[0];
const repliesOf = (p: Platform, leadId: string) =>
  p.database.db
    .select()
    .from(events)
    .where(and(eq(events.leadId, leadId), eq(events.type, 'message_received')));

/** A `message_received` for `providerId` as Unipile would post it (no Content-Type). */
function postReply(p: Platform, providerId: string, messageId: string) {
  const sender = { attendee_id: 'att-1', attendee_provider_id: providerId, attendee_name: 'Chris P', attendee_public_identifier: null };
  const body = {
    event: 'message_received',
    account_id: p.account.id,
    account_info: { type: 'LINKEDIN', feature: 'classic', user_id: p.account.connection_params.im.id },
    chat_id: `chat-${messageId}`,
    message_id: messageId,
    message: 'Hi there',
    is_sender: false,
    sender,
    attendees: [sender],
    timestamp: new Date().toISOString(),
    attachments: [],
  };
  return fetch(`${p.ingestUrl}/api/webhooks/unipile/messaging`, {
    method: 'POST',
    headers: { 'Unipile-Auth': WEBHOOK_SECRET },
    body: Buffer.from(JSON.stringify(body)),
  });
}

describe('when Redis goes down mid-test', () => {
  let redis: PrivateRedis;
  let p: Platform;
  beforeAll(async () => {
    redis = await PrivateRedis.create();
    p = await startPlatform({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await redis.start().catch(() => undefined);
    await p?.close();
    await redis.stop();
  });

  it('answers 503 fast while it is down, and processes the retried delivery once after it is back', async () => {
    const person = await p.control.createPerson({ first_name: 'Chris', last_name: 'Outage' });
    const lead = await insertLead(p.database.db, p.tenant.campaign, { providerId: person.provider_id, status: 'messaged' });
    const messageId = `msg-${randomUUID()}`;

    await redis.stop();
    const started = Date.now();
    const refused = await postReply(p, person.provider_id, messageId);
    expect(refused.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1000);

    await redis.start();
    // Unipile retries the delivery; ingest's connection comes back on its own.
    const accepted = await waitFor(
      async () => {
        const res = await postReply(p, person.provider_id, messageId);
        return res.status === 200 ? res : undefined;
      },
      { what: 'ingest accepting again', timeoutMs: 15_000, intervalMs: 200 },
    );
    expect(accepted.status).toBe(200);
    await postReply(p, person.provider_id, messageId); // and once more, as Unipile may

    await waitFor(async () => (await leadRow(p, lead.id))?.status === 'responded', { what: 'lead responded', timeoutMs: 20_000 });
    expect(await repliesOf(p, lead.id)).toHaveLength(1);
  });
});

describe('when a reply-matcher process is killed mid-job', () => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform({ matcherEnv: { REPLY_MATCHER_LOCK_MS: '1000' } });
  });
  afterAll(async () => {
    await p?.close();
  });

  it('runs the job again in a new process and still records exactly one event', async () => {
    const person = await p.control.createPerson({ first_name: 'Chris', last_name: 'Crash' });
    // Known only by public identifier: matching must ask Unipile for the profile. That call hangs.
    const lead = await insertLead(p.database.db, p.tenant.campaign, { publicIdentifier: person.public_identifier, status: 'invite_sent' });
    await p.control.addApiFault({
      method: 'GET',
      path: `/api/v1/users/${person.provider_id}`,
      status: 503,
      type: 'errors/service_unavailable',
      delay_ms: 30_000,
    });
    const messageId = `msg-${randomUUID()}`;
    expect((await postReply(p, person.provider_id, messageId)).status).toBe(200);

    const key = `message_received:${p.account.id}:${messageId}`;
    await waitFor(async () => (await p.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryKey, key)))[0], {
      what: 'delivery stored',
    });
    await waitFor(async () => (await p.control.listFaults()).api.length === 0, { what: 'the matcher inside the hanging profile lookup' });

    await p.matcher.kill('SIGKILL');
    expect(await repliesOf(p, lead.id)).toHaveLength(0);

    await p.startMatcher();
    await waitFor(async () => (await leadRow(p, lead.id))?.status === 'responded', {
      what: 'lead responded after restart',
      timeoutMs: 30_000,
    });
    expect(await repliesOf(p, lead.id)).toHaveLength(1);
    const [row] = await p.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryKey, key));
    expect(row).toMatchObject({ outcome: 'matched', leadId: lead.id });
  });
});
