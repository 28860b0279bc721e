import { createDatabase, events, leads, outboundActions } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { testDatabaseUrl, waitFor } from '@outreach/testing';
import { Deferred, startSenderHarness, type SenderHarness } from '../test-support/harness';
import { processSendOutboundAction, type SendControl } from './send-outbound-action';

// The promises a send keeps in the branches the main sender suite does not reach: reconciling a
// message or a withdrawal whose outcome was lost, a reply that lands while LinkedIn is being called,
// a missing variable in a message, a custom field or a sender variable.

let h: SenderHarness;
beforeAll(async () => {
  h = await startSenderHarness();
});
afterAll(async () => {
  await h.close();
});
afterEach(() => h.control.clearFaults());

const eventsOf = (leadId: string) => h.database.db.select().from(events).where(eq(events.leadId, leadId));
const messagesTo = async (accountId: string, providerId: string) =>
  (await h.control.sent(accountId)).messages.filter((m) => m.recipient_provider_ids.includes(providerId));

const neverDefers: SendControl = {
  isFinalAttempt: false,
  defer: async (until, reason) => Promise.reject(new Deferred(until, reason)),
};

const THREE_STEPS = [
  { action: 'invite' as const, template: 'Hi {{first_name}}', acceptTimeoutDays: 7 },
  { action: 'message' as const, template: 'Thanks for connecting, {{first_name}}!', delayMinutes: 0 },
  { action: 'message' as const, template: 'Any thoughts, {{first_name}}?', delayMinutes: 0 },
];

/** A lead connected on LinkedIn and in our records, due for its first message (step 1). */
async function connectedLead(steps = THREE_STEPS, lead: Record<string, unknown> = {}, person: { first_name?: string } = {}) {
  const s = await h.seed({ steps });
  const l = await s.addLead(person, lead);
  await h.control.connect({ account_id: s.account.unipileAccountId, provider_id: l.providerId, notify: false });
  await h.database.db
    .update(leads)
    .set({ status: 'connected', currentStep: 1, providerId: l.providerId, connectedAt: new Date() })
    .where(eq(leads.id, l.leadId));
  return { s, lead: l };
}

/** As if the attempt that claimed these actions did so long ago: its call has surely ended. */
const backdateClaims = (leadId: string) =>
  h.database.db
    .update(outboundActions)
    .set({ claimedAt: new Date(Date.now() - 60_000) })
    .where(eq(outboundActions.leadId, leadId));

/** Puts a sent step back into the state a crash during the Unipile call leaves: claim `sending`, outcome unrecorded. */
async function forgetOutcome(leadId: string, status: 'connected' | 'invite_sent', currentStep: number) {
  await h.database.db
    .update(outboundActions)
    .set({ status: 'sending', claimedAt: new Date(Date.now() - 60_000) })
    .where(eq(outboundActions.leadId, leadId));
  await h.database.db.update(leads).set({ status, currentStep }).where(eq(leads.id, leadId));
  await h.database.db.delete(events).where(eq(events.leadId, leadId));
}

describe('a message whose outcome was lost (crash or timeout during the call)', () => {
  it('is reconciled from the chat when it had gone out: recorded once, not sent again', async () => {
    const { s, lead } = await connectedLead();
    await h.send({ leadId: lead.leadId, step: 1, action: 'message' });
    await forgetOutcome(lead.leadId, 'connected', 1);

    expect(await h.send({ leadId: lead.leadId, step: 1, action: 'message' })).toMatchObject({
      outcome: 'sent',
      action: 'message',
      reconciled: true,
    });
    expect(await messagesTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(1);
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'messaged', currentStep: 2 });
    expect((await eventsOf(lead.leadId)).map((e) => e.type)).toEqual(['message_sent']);
  });

  it('is sent once when the chat shows it never arrived', async () => {
    const { s, lead } = await connectedLead();
    // The first call dies before LinkedIn has it: a 500 leaves the claim "sending".
    await h.control.addApiFault({ method: 'POST', path: '/api/v1/chats', status: 500, type: 'errors/provider_error' });
    await expect(h.send({ leadId: lead.leadId, step: 1, action: 'message' })).rejects.toMatchObject({ status: 500 });
    expect((await h.actions(lead.leadId))[0]).toMatchObject({ status: 'sending' });
    await backdateClaims(lead.leadId);

    const retried = await h.send({ leadId: lead.leadId, step: 1, action: 'message' });
    expect(retried).toMatchObject({ outcome: 'sent', action: 'message' });
    expect(retried.reconciled).toBeUndefined();
    expect((await messagesTo(s.account.unipileAccountId, lead.providerId)).map((m) => m.text)).toEqual(['Thanks for connecting, Jane!']);
  });
});

describe('a first message whose chat the lost attempt created', () => {
  it('is reconciled even when the retry prepared before the chat existed (two runs of one job)', async () => {
    const { s, lead } = await connectedLead();
    // Attempt A starts the chat; LinkedIn holds the call. A runs on a pool of its own, as another process would.
    const processA = createDatabase(testDatabaseUrl(), { max: 3 });
    await h.control.addApiFault({ method: 'POST', path: '/api/v1/chats', status: 200, delay_ms: 1500 });
    const control: SendControl = { isFinalAttempt: false, defer: async (until, reason) => Promise.reject(new Deferred(until, reason)) };
    const a = processSendOutboundAction(
      { ...h.deps, db: processA.db },
      { leadId: lead.leadId, step: 1, action: 'message', revision: 0 },
      control,
    ).catch((e: unknown) => e);
    await waitFor(async () => (await h.actions(lead.leadId))[0]?.status === 'sending', { what: 'attempt A claimed and calling' });
    // Attempt B (the same job, taken again after A's lock lapsed) prepares now: no chat exists yet.
    const b = h.send({ leadId: lead.leadId, step: 1, action: 'message' });
    await waitFor(
      async () =>
        (
          await h.database
            .sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`
        )[0]?.n > 0,
      { what: 'attempt B waiting for the lead' },
    );
    // A's transaction dies during the call (its connection is cut, as when its process is killed): its outcome is lost.
    await h.database
      .sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and state = 'idle in transaction' and pid <> pg_backend_pid()`;
    expect(await a).toBeInstanceOf(Error);
    await processA.close().catch(() => undefined);

    // B must not look on LinkedIn while A's call may still be in flight: it waits for the call to end.
    const waited = await b.catch((e: unknown) => e);
    expect(waited).toBeInstanceOf(Deferred);
    expect((waited as Deferred).reason).toBe('outcome_pending');
    const [claim] = await h.actions(lead.leadId);
    expect((waited as Deferred).until.getTime()).toBe(claim!.claimedAt!.getTime() + h.deps.settings.callInFlightMs);
    // A's call lands; when B runs again after the wait, it finds the message and records it.
    await waitFor(async () => (await messagesTo(s.account.unipileAccountId, lead.providerId)).length === 1, {
      what: "A's message on LinkedIn",
    });
    // The account is busy: 260 other conversations move after A's message, so the person's chat is
    // no longer among the latest the send path reads (100); the reconcile must page to find it.
    const busy = await Promise.all(
      Array.from({ length: 260 }, (_, i) => h.control.createPerson({ first_name: `Busy${i}`, last_name: 'Chat' })),
    );
    await Promise.all(busy.map((p) => h.control.reply(p.provider_id, { account_id: s.account.unipileAccountId, text: 'Hello there' })));
    const later = () => new Date(claim!.claimedAt!.getTime() + h.deps.settings.callInFlightMs);
    expect(
      await processSendOutboundAction(h.deps, { leadId: lead.leadId, step: 1, action: 'message', revision: 0 }, neverDefers, later),
    ).toMatchObject({
      outcome: 'sent',
      action: 'message',
      reconciled: true,
    });
    expect((await messagesTo(s.account.unipileAccountId, lead.providerId)).map((m) => m.text)).toEqual(['Thanks for connecting, Jane!']);
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'messaged', currentStep: 2 });
  });
});

describe('a withdrawal whose outcome was lost', () => {
  const steps = [
    { action: 'invite' as const, template: '', acceptTimeoutDays: 7 },
    { action: 'message' as const, template: 'Hi' },
  ];

  it('is reconciled when the invitation is no longer pending: recorded withdrawn, no second call', async () => {
    const s = await h.seed({ steps });
    const lead = await s.addLead();
    await h.send({ leadId: lead.leadId, step: 0, action: 'invite' });
    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'withdraw' })).toMatchObject({ outcome: 'withdrawn' });
    const withdrawalsBefore = (await h.control.sent(s.account.unipileAccountId)).withdrawals.length;
    // The withdrawal reached LinkedIn, its answer did not reach us.
    const [withdrawal] = (await h.actions(lead.leadId)).filter((a) => a.action === 'withdraw');
    await h.database.db
      .update(outboundActions)
      .set({ status: 'sending', claimedAt: new Date(Date.now() - 60_000) })
      .where(eq(outboundActions.id, withdrawal!.id));
    await h.database.db.update(leads).set({ status: 'invite_sent', stopReason: null }).where(eq(leads.id, lead.leadId));

    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'withdraw' })).toEqual({ outcome: 'withdrawn', reconciled: true });
    expect((await h.control.sent(s.account.unipileAccountId)).withdrawals).toHaveLength(withdrawalsBefore);
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'withdrawn' });
  });

  it('is made once when the invitation is still pending', async () => {
    const s = await h.seed({ steps });
    const lead = await s.addLead();
    await h.send({ leadId: lead.leadId, step: 0, action: 'invite' });
    await h.control.addApiFault({ method: 'DELETE', path: '/api/v1/users/invite/sent', status: 500, type: 'errors/provider_error' });
    await expect(h.send({ leadId: lead.leadId, step: 0, action: 'withdraw' })).rejects.toMatchObject({ status: 500 });
    expect((await h.control.sent(s.account.unipileAccountId)).withdrawals).toHaveLength(0);
    await backdateClaims(lead.leadId);

    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'withdraw' })).toMatchObject({ outcome: 'withdrawn' });
    expect((await h.control.sent(s.account.unipileAccountId)).withdrawals).toHaveLength(1);
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'withdrawn' });
  });
});

describe('a reply that lands while the Unipile call is in flight', () => {
  it('waits for the send to be recorded, then stops the lead: nothing further is sent', async () => {
    const { s, lead } = await connectedLead();
    // LinkedIn takes its time: the call is held in the sandbox, then succeeds.
    await h.control.addApiFault({ method: 'POST', path: '/api/v1/chats', status: 200, delay_ms: 1500 });
    const sending = h.send({ leadId: lead.leadId, step: 1, action: 'message' });
    await waitFor(async () => (await h.actions(lead.leadId))[0]?.status === 'sending', { what: 'the claim committed before the call' });

    // What the reply path does: take the lead's lock, record the reply, mark the lead responded.
    const reserved = await h.database.sql.reserve();
    let replyCommittedAt = 0;
    const replying = (async () => {
      try {
        await reserved`begin`;
        await reserved`select id from leads where id = ${lead.leadId} for update`;
        await reserved`insert into events (client_id, campaign_id, lead_id, linkedin_account_id, type, external_id, occurred_at, meta)
          values (${s.client.id}, ${s.campaign.id}, ${lead.leadId}, ${s.account.id}, 'message_received', ${`reply-${lead.leadId}`}, now(), '{}'::jsonb)`;
        await reserved`update leads set status = 'responded', replied_at = now(), next_action_at = null where id = ${lead.leadId}`;
        await reserved`commit`;
        replyCommittedAt = Date.now();
      } finally {
        reserved.release();
      }
    })();

    const result = await sending;
    const sendReturnedAt = Date.now();
    await replying;
    // The send was recorded (it did reach LinkedIn), and the reply waited for it.
    expect(result).toMatchObject({ outcome: 'sent', action: 'message' });
    expect(replyCommittedAt).toBeGreaterThan(0);
    expect((await h.actions(lead.leadId)).find((a) => a.step === 1)).toMatchObject({ status: 'sent' });
    expect((await eventsOf(lead.leadId)).map((e) => e.type).sort()).toEqual(['message_received', 'message_sent']);
    // The reply's status wins: the lead is responded with nothing scheduled.
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'responded', nextActionAt: null });
    expect(sendReturnedAt).toBeGreaterThan(0);

    // The next step, had it been queued already, sends nothing.
    expect(await h.send({ leadId: lead.leadId, step: 2, action: 'message' })).toMatchObject({ outcome: 'stopped' });
    expect((await messagesTo(s.account.unipileAccountId, lead.providerId)).map((m) => m.text)).toEqual(['Thanks for connecting, Jane!']);
  });
});

describe('a missing variable is never sent', () => {
  it.each([
    ['a message step', 'Hello {{first_name}}, how is {{company}}?', {}, '{{company}}'],
    ['a custom field another lead has', 'Hello {{first_name}}, about {{budget}}', { customFields: { team: 'Sales' } }, '{{budget}}'],
    ['a step written around validation with a dotted field', 'Hello {{first_name}}, about {{custom.budget}}', {}, '{{custom.budget}}'],
  ])('in %s: the lead errors with missing_variable and LinkedIn gets nothing', async (_what, template, lead, variable) => {
    const steps = [THREE_STEPS[0]!, { action: 'message' as const, template, delayMinutes: 0 }];
    const { s, lead: l } = await connectedLead(steps, { company: null, ...lead });
    expect(await h.send({ leadId: l.leadId, step: 1, action: 'message' })).toEqual({ outcome: 'lead_error', code: 'missing_variable' });
    expect(await messagesTo(s.account.unipileAccountId, l.providerId)).toHaveLength(0);
    const row = await h.lead(l.leadId);
    expect(row).toMatchObject({ status: 'error', errorCode: 'missing_variable' });
    expect(row.errorMessage).toContain(variable);
    expect((await eventsOf(l.leadId)).map((e) => e.type)).toEqual(['message_failed']);
  });

  it('in a sender variable the account lacks: nothing sent', async () => {
    const steps = [
      THREE_STEPS[0]!,
      { action: 'message' as const, template: 'Hi {{first_name}}, {{sender_first_name}} here', delayMinutes: 0 },
    ];
    const s = await h.seed({ steps, account: { name: '' } });
    const l = await s.addLead();
    await h.control.connect({ account_id: s.account.unipileAccountId, provider_id: l.providerId, notify: false });
    await h.database.db
      .update(leads)
      .set({ status: 'connected', currentStep: 1, providerId: l.providerId, connectedAt: new Date() })
      .where(eq(leads.id, l.leadId));
    expect(await h.send({ leadId: l.leadId, step: 1, action: 'message' })).toEqual({ outcome: 'lead_error', code: 'missing_variable' });
    expect(await messagesTo(s.account.unipileAccountId, l.providerId)).toHaveLength(0);
    expect((await h.lead(l.leadId)).errorMessage).toContain('{{sender_first_name}}');
  });
});

describe('the working window at send time (hours, DST), on an injected clock', () => {
  const controlThatDefers: SendControl = {
    isFinalAttempt: false,
    defer: async (until, reason) => {
      throw new Deferred(until, reason);
    },
  };
  const sendAt = (leadId: string, at: string) =>
    processSendOutboundAction(h.deps, { leadId, step: 0, action: 'invite', revision: 0 }, controlThatDefers, () => new Date(at));
  const newYorkNineToFive = {
    timezone: 'America/New_York',
    workingDays: [1, 2, 3, 4, 5, 6, 7],
    workingHoursStart: '09:00',
    workingHoursEnd: '17:00',
  };

  it('waits from 08:59 to 09:00 local (EST, UTC−5), sending nothing', async () => {
    const s = await h.seed({ campaign: newYorkNineToFive });
    const lead = await s.addLead();
    const deferred = await sendAt(lead.leadId, '2026-01-15T13:59:00Z').catch((e: unknown) => e);
    expect(deferred).toBeInstanceOf(Deferred);
    expect((deferred as Deferred).until.toISOString()).toBe('2026-01-15T14:00:00.000Z');
    expect((await h.control.sent(s.account.unipileAccountId)).invitations).toHaveLength(0);
  });

  it('waits at 17:00 local on the day clocks go forward (EDT, UTC−4) until 09:00 the next day', async () => {
    const s = await h.seed({ campaign: newYorkNineToFive });
    const lead = await s.addLead();
    // 2026-03-08 is the 23-hour day in New York: 17:00 EDT is 21:00 UTC, 09:00 EDT on the 9th is 13:00 UTC.
    const deferred = await sendAt(lead.leadId, '2026-03-08T21:00:00Z').catch((e: unknown) => e);
    expect((deferred as Deferred).until.toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect((await h.control.sent(s.account.unipileAccountId)).invitations).toHaveLength(0);
  });

  it('opens a window whose start falls in the DST gap at the first instant that exists (03:00 EDT)', async () => {
    const s = await h.seed({ campaign: { ...newYorkNineToFive, workingHoursStart: '02:30', workingHoursEnd: '05:00' } });
    const lead = await s.addLead();
    // 01:59 EST on 2026-03-08 (06:59 UTC); 02:00–03:00 local does not exist that night.
    const deferred = await sendAt(lead.leadId, '2026-03-08T06:59:00Z').catch((e: unknown) => e);
    expect((deferred as Deferred).until.toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });
});
