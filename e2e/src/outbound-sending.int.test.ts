import { campaigns, leads, outboundActions } from '@outreach/db';
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { waitFor } from '@outreach/testing';
import { PrivateRedis } from './support/redis-server';
import { inBatches, startSendingPlatform, type SendingPlatform } from './support/sending-platform';

jest.setTimeout(240_000);

const nextUtcMidnight = () => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
};

/** `count` sandbox people and a lead for each in the campaign, the provider id already known. */
async function addPeople(
  p: SendingPlatform,
  campaign: { id: string; clientId: string },
  count: number,
  lead: Partial<typeof leads.$inferInsert> = {},
) {
  const people = await inBatches(
    Array.from({ length: count }, (_, i) => i),
    25,
    (i) => p.control.createPerson({ first_name: `First${String(i).padStart(4, '0')}`, last_name: `Last${String(i).padStart(4, '0')}` }),
  );
  const rows = await p.database.db
    .insert(leads)
    .values(
      people.map((person) => ({
        clientId: campaign.clientId,
        campaignId: campaign.id,
        firstName: person.first_name,
        lastName: person.last_name,
        publicIdentifier: person.public_identifier,
        providerId: person.provider_id,
        status: 'pending_invite' as const,
        nextActionAt: new Date(),
        ...lead,
      })),
    )
    .returning({ id: leads.id });
  return people.map((person, i) => ({ ...person, leadId: rows[i]!.id }));
}

describe('four sender processes on one account with a 25/day invite cap', () => {
  let redis: PrivateRedis;
  let p: SendingPlatform;
  beforeAll(async () => {
    redis = await PrivateRedis.create();
    p = await startSendingPlatform({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await p.close();
    await redis.stop();
  });

  it('sends exactly the cap, spaced, and no more after a kill, a Redis flush and a restart', async () => {
    const s = await p.seedCampaign({
      account: {
        dailyInviteLimit: 25,
        weeklyInviteLimit: 1000,
        minActionSpacingSeconds: 0.2,
        maxActionSpacingSeconds: 0.4,
        timezone: 'UTC',
      },
      steps: [{ action: 'invite', template: 'Hi {{first_name}}' }],
    });
    await addPeople(p, s.campaign, 500);
    await p.startSequencer({ SEQUENCER_LEASE_SECONDS: '10' });
    await p.startSenders(4, { OUTBOUND_SENDER_CONCURRENCY: '10' });

    const invitations = async () => (await p.control.sent(s.unipileAccountId)).invitations;
    await waitFor(async () => (await invitations()).length >= 25, { timeoutMs: 120_000, intervalMs: 250, what: '25 invitations' });
    // Every other lead ends up waiting for the next day in the account's zone: the cap is spent.
    const midnight = nextUtcMidnight();
    const waitingForTomorrow = async () =>
      Number(
        (
          await p.database.db
            .select({ n: sql<number>`count(*)::int` })
            .from(leads)
            .where(and(eq(leads.campaignId, s.campaign.id), eq(leads.status, 'pending_invite'), gte(leads.nextActionAt, midnight)))
        )[0]?.n,
      );
    await waitFor(async () => (await waitingForTomorrow()) === 475, {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: 'the rest to wait for tomorrow',
    });

    const sent = await invitations();
    expect(sent).toHaveLength(25);
    const times = sent.map((i) => new Date(i.at).getTime()).sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200);
    expect(new Set(sent.map((i) => i.provider_id)).size).toBe(25);

    // Crash everything, lose Redis (queues and counters), come back.
    await Promise.all(p.senders.splice(0).map((x) => x.kill('SIGKILL')));
    await p.sequencer!.kill('SIGKILL');
    await redis.stop();
    await redis.start();
    await p.database.db
      .update(leads)
      .set({ nextActionAt: new Date() })
      .where(and(eq(leads.campaignId, s.campaign.id), eq(leads.status, 'pending_invite')));
    await p.startSequencer({ SEQUENCER_LEASE_SECONDS: '10' });
    await p.startSenders(4, { OUTBOUND_SENDER_CONCURRENCY: '10' });
    // The sequencer re-enqueues every queued action; each sender finds the day spent (rebuilt from Postgres).
    await waitFor(async () => (await waitingForTomorrow()) === 475, {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: 'every lead to be refused again after the restart',
    });
    expect(await invitations()).toHaveLength(25);
    const sentActions = await p.database.db
      .select()
      .from(outboundActions)
      .where(and(eq(outboundActions.campaignId, s.campaign.id), eq(outboundActions.status, 'sent')));
    expect(sentActions).toHaveLength(25);
  });
});

describe('three sender processes on one account with a 30/day message cap', () => {
  let p: SendingPlatform;
  beforeAll(async () => {
    p = await startSendingPlatform();
  });
  afterAll(() => p.close());

  it('sends exactly 30 messages, unspaced and racing, and leaves every other lead waiting for tomorrow', async () => {
    const s = await p.seedCampaign({
      // No spacing: nothing serialises the senders, only the cap (Redis first, Postgres as the final say).
      account: { dailyMessageLimit: 30, minActionSpacingSeconds: 0, maxActionSpacingSeconds: 0, timezone: 'UTC' },
      steps: [{ action: 'message', template: 'Hello {{first_name}}' }],
    });
    const people = await addPeople(p, s.campaign, 100, { status: 'connected', connectedAt: new Date(Date.now() - 60_000) });
    await inBatches(people, 25, (person) =>
      p.control.connect({ account_id: s.unipileAccountId, provider_id: person.provider_id, notify: false }),
    );
    await p.startSequencer();
    await p.startSenders(3, { OUTBOUND_SENDER_CONCURRENCY: '10' });

    const midnight = nextUtcMidnight();
    const waitingForTomorrow = async () =>
      Number(
        (
          await p.database.db
            .select({ n: sql<number>`count(*)::int` })
            .from(leads)
            .where(and(eq(leads.campaignId, s.campaign.id), eq(leads.status, 'connected'), gte(leads.nextActionAt, midnight)))
        )[0]?.n,
      );
    await waitFor(async () => (await waitingForTomorrow()) === 70, {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: '70 leads waiting for tomorrow',
    });
    const messages = (await p.control.sent(s.unipileAccountId)).messages;
    expect(messages).toHaveLength(30);
    expect(new Set(messages.map((m) => m.recipient_provider_ids[0])).size).toBe(30);
    const [usage] = await p.database.sql<
      Array<{ count: number }>
    >`select count from rate_usage where linkedin_account_id = ${s.accountId} and action = 'message'`;
    expect(usage?.count).toBe(30);
  });
});

describe('many leads sent concurrently by several workers', () => {
  let p: SendingPlatform;
  beforeAll(async () => {
    p = await startSendingPlatform();
  });
  afterAll(() => p.close());

  it('puts each recipient’s own name in each of 1,000 messages', async () => {
    const s = await p.seedCampaign({
      account: { dailyMessageLimit: 100_000, minActionSpacingSeconds: 0, maxActionSpacingSeconds: 0 },
      steps: [{ action: 'message', template: 'Hi {{first_name}} {{last_name}}, a note for {{full_name}}.' }],
    });
    const people = await addPeople(p, s.campaign, 1000, { status: 'connected', connectedAt: new Date(Date.now() - 60_000) });
    await inBatches(people, 25, (person) =>
      p.control.connect({ account_id: s.unipileAccountId, provider_id: person.provider_id, notify: false }),
    );
    await p.startSequencer();
    await p.startSenders(3, { OUTBOUND_SENDER_CONCURRENCY: '20' });

    await waitFor(async () => (await p.control.sent(s.unipileAccountId)).messages.length >= 1000, {
      timeoutMs: 180_000,
      intervalMs: 500,
      what: '1,000 messages',
    });
    const messages = (await p.control.sent(s.unipileAccountId)).messages;
    expect(messages).toHaveLength(1000);
    const byProvider = new Map(people.map((person) => [person.provider_id, person]));
    for (const m of messages) {
      expect(m.recipient_provider_ids).toHaveLength(1);
      const person = byProvider.get(m.recipient_provider_ids[0]!)!;
      expect(m.text).toBe(`Hi ${person.first_name} ${person.last_name}, a note for ${person.first_name} ${person.last_name}.`);
    }
  });
});

describe('stopping and the calendar', () => {
  let p: SendingPlatform;
  beforeAll(async () => {
    p = await startSendingPlatform();
    await p.startSequencer();
    await p.startSenders(2, { OUTBOUND_SENDER_CONCURRENCY: '5' });
  });
  afterAll(() => p.close());

  it('a pause in the middle of a batch stops the rest', async () => {
    const s = await p.seedCampaign({
      account: { minActionSpacingSeconds: 0.05, maxActionSpacingSeconds: 0.1, dailyInviteLimit: 1000, weeklyInviteLimit: 1000 },
      steps: [{ action: 'invite', template: 'Hello {{first_name}}' }],
    });
    const people = await addPeople(p, s.campaign, 200);
    const count = async () => (await p.control.sent(s.unipileAccountId)).invitations.length;
    await waitFor(async () => (await count()) >= 10, { timeoutMs: 60_000, what: 'the batch to be under way' });
    await p.database.db.update(campaigns).set({ status: 'paused' }).where(eq(campaigns.id, s.campaign.id));
    const atPause = await count();
    // Every queued step comes up and is cancelled; none is sent.
    await waitFor(
      async () => {
        const open = await p.database.db
          .select({ id: outboundActions.id })
          .from(outboundActions)
          .where(and(eq(outboundActions.campaignId, s.campaign.id), inArray(outboundActions.status, ['queued', 'sending'])));
        return open.length === 0;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'every queued step to be cancelled' },
    );
    const after = await count();
    // A send already past its final check when the pause committed may still complete: at most one per account, sends are spaced.
    expect(after - atPause).toBeLessThanOrEqual(1);
    expect(after).toBeLessThan(people.length);
    const cancelled = await p.database.db
      .select()
      .from(outboundActions)
      .where(and(eq(outboundActions.campaignId, s.campaign.id), eq(outboundActions.status, 'cancelled')));
    expect(cancelled.length + after).toBe(people.length);
    expect(new Set(cancelled.map((c) => c.errorCode))).toEqual(new Set(['campaign_paused']));
  });

  it('sends nothing on a day the campaign’s timezone says is not a working day', async () => {
    const zone = 'Pacific/Kiritimati';
    const today = isoWeekday(new Date(), zone);
    const s = await p.seedCampaign({
      campaign: { timezone: zone, workingDays: [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== today) },
      account: { minActionSpacingSeconds: 0, maxActionSpacingSeconds: 0 },
      steps: [{ action: 'invite', template: 'Hi {{first_name}}' }],
    });
    const people = await addPeople(p, s.campaign, 5);
    // The sequencer looks at them and moves them to the next working day in that zone.
    await waitFor(
      async () => {
        const rows = await p.database.db
          .select()
          .from(leads)
          .where(
            inArray(
              leads.id,
              people.map((x) => x.leadId),
            ),
          );
        return rows.every((r) => r.nextActionAt && r.nextActionAt.getTime() > Date.now() + 60_000);
      },
      { timeoutMs: 30_000, what: 'the leads to be moved to the next working day' },
    );
    expect((await p.control.sent(s.unipileAccountId)).invitations).toHaveLength(0);
  });
});

function isoWeekday(at: Date, zone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short' }).format(at);
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1;
}
