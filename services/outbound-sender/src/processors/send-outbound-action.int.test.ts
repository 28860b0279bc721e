import { campaigns, events, insertEvent, leads, linkedinAccounts, outboundActions, setSchedulerState } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { waitFor } from '@outreach/testing';
import { Deferred, startSenderHarness, type SenderHarness } from '../test-support/harness';
import { processSendOutboundAction, type SendControl } from './send-outbound-action';

let h: SenderHarness;
beforeAll(async () => {
  h = await startSenderHarness();
});
afterAll(async () => {
  await setSchedulerState(h.database.db, { running: true });
  await h.close();
});

const eventsOf = (leadId: string) => h.database.db.select().from(events).where(eq(events.leadId, leadId)).orderBy(events.id);
const invitationsTo = async (accountId: string, providerId: string) =>
  (await h.control.sent(accountId)).invitations.filter((i) => i.provider_id === providerId);
const messagesTo = async (accountId: string, providerId: string) =>
  (await h.control.sent(accountId)).messages.filter((m) => m.recipient_provider_ids.includes(providerId));

describe('an invite step', () => {
  it('looks the person up, sends the rendered note, and records one event', async () => {
    const s = await h.seed({
      steps: [
        { action: 'invite', template: 'Hi {{first_name}} from {{sender_first_name}}', acceptTimeoutDays: 14 },
        { action: 'message', template: 'Hello {{first_name}}' },
      ],
    });
    const lead = await s.addLead({ first_name: 'Jonathan' });

    const result = await h.send({ leadId: lead.leadId, step: 0, action: 'invite' });

    expect(result).toMatchObject({ outcome: 'sent', action: 'invite' });
    const sent = await invitationsTo(s.account.unipileAccountId, lead.providerId);
    expect(sent.map((i) => i.message)).toEqual(['Hi Jonathan from Alex']);
    const row = await h.lead(lead.leadId);
    expect(row).toMatchObject({ status: 'invite_sent', providerId: lead.providerId, currentStep: 1 });
    // The accept timeout decides when the invitation is withdrawn if unanswered.
    expect(row.nextActionAt!.getTime() - row.inviteSentAt!.getTime()).toBe(14 * 24 * 3600 * 1000);
    const [action] = await h.actions(lead.leadId);
    expect(action).toMatchObject({ status: 'sent', renderedText: 'Hi Jonathan from Alex', invitationId: sent[0]!.invitation_id });
    expect((await eventsOf(lead.leadId)).map((e) => e.type)).toEqual(['connection_request_sent']);
  });

  it('sends once when the same job runs twice', async () => {
    const s = await h.seed();
    const lead = await s.addLead();
    await h.send({ leadId: lead.leadId, step: 0, action: 'invite' });
    const again = await h.send({ leadId: lead.leadId, step: 0, action: 'invite' });
    expect(again).toEqual({ outcome: 'already_sent' });
    expect(await invitationsTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(1);
    expect(await eventsOf(lead.leadId)).toHaveLength(1);
  });

  it('skips the invite for a first-degree connection and goes on to the messages', async () => {
    const s = await h.seed();
    const lead = await s.addLead();
    await h.control.connect({ account_id: s.account.unipileAccountId, provider_id: lead.providerId, notify: false });

    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'invite' })).toEqual({ outcome: 'already_connected' });
    expect(await invitationsTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(0);
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'connected', currentStep: 1 });
  });

  it('does not send an invite whose note lacks a variable without fallback', async () => {
    const s = await h.seed({ steps: [{ action: 'invite', template: 'Hi {{first_name}} at {{company}}' }] });
    const lead = await s.addLead({}, { company: null });
    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'invite' })).toEqual({ outcome: 'lead_error', code: 'missing_variable' });
    expect(await invitationsTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(0);
    const row = await h.lead(lead.leadId);
    expect(row).toMatchObject({ status: 'error', errorCode: 'missing_variable' });
    expect(row.errorMessage).toContain('{{company}}');
    expect((await eventsOf(lead.leadId)).map((e) => e.type)).toEqual(['connection_request_failed']);
  });

  it('stops a lead it cannot identify on LinkedIn, sending nothing', async () => {
    const s = await h.seed();
    const lead = await s.addLead({}, { publicIdentifier: null });
    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'invite' })).toEqual({ outcome: 'lead_error', code: 'invalid_recipient' });
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'error', errorCode: 'invalid_recipient' });
  });

  it('stops a lead whose profile is another lead of the campaign (two URLs, one person)', async () => {
    const s = await h.seed();
    const lead = await s.addLead();
    await h.database.db
      .insert(leads)
      .values({ clientId: s.client.id, campaignId: s.campaign.id, providerId: lead.providerId, status: 'invite_sent' });
    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'invite' })).toEqual({ outcome: 'lead_error', code: 'duplicate_person' });
    expect(await invitationsTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(0);
  });

  it('cools the account down when the profile lookup hits LinkedIn’s limit, and the job waits', async () => {
    const s = await h.seed();
    const lead = await s.addLead();
    await h.control.addApiFault({
      method: 'GET',
      path: `/api/v1/users/${lead.publicIdentifier}`,
      status: 429,
      type: 'errors/too_many_requests',
    });
    const wait = await h.send({ leadId: lead.leadId, step: 0, action: 'invite' }).catch((e: unknown) => e);
    expect(wait).toBeInstanceOf(Deferred);
    expect((wait as Deferred).reason).toBe('account_cooldown');
    const [account] = await h.database.db.select().from(linkedinAccounts).where(eq(linkedinAccounts.id, s.account.id));
    expect(account!.cooldownUntil!.getTime()).toBeGreaterThan(Date.now());
    expect((await eventsOf(lead.leadId)).map((e) => e.type)).toEqual(['rate_limited']);
    expect((await h.actions(lead.leadId))[0]?.status).toBe('queued');
  });

  it('uses the fallback a template gives', async () => {
    const s = await h.seed({ steps: [{ action: 'invite', template: 'Hi {{first_name|there}}, {{team|your team}}' }] });
    const lead = await s.addLead({}, { firstName: null, customFields: { team: 'Growth' } });
    await h.send({ leadId: lead.leadId, step: 0, action: 'invite' });
    expect((await invitationsTo(s.account.unipileAccountId, lead.providerId))[0]?.message).toBe('Hi there, Growth');
  });
});

describe('a withdrawal', () => {
  it('withdraws an unanswered invitation through Unipile and marks the lead withdrawn', async () => {
    const s = await h.seed({
      steps: [
        { action: 'invite', template: '', acceptTimeoutDays: 7 },
        { action: 'message', template: 'Hi {{first_name}}' },
      ],
    });
    const lead = await s.addLead();
    await h.send({ leadId: lead.leadId, step: 0, action: 'invite' });
    const [invite] = await invitationsTo(s.account.unipileAccountId, lead.providerId);

    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'withdraw' })).toEqual({
      outcome: 'withdrawn',
      invitation_id: invite!.invitation_id,
    });

    const sent = await h.control.sent(s.account.unipileAccountId);
    expect(sent.withdrawals.map((w) => w.invitation_id)).toEqual([invite!.invitation_id]);
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'withdrawn', nextActionAt: null, stopReason: 'accept_timeout' });
    // Each step's one event names the lead's transition.
    expect((await eventsOf(lead.leadId)).map((e) => [e.type, e.meta.from, e.meta.to, e.meta.reason])).toEqual([
      ['connection_request_sent', 'pending_invite', 'invite_sent', 'invite_sent'],
      ['invite_withdrawn', 'invite_sent', 'withdrawn', 'accept_timeout'],
    ]);
  });

  it('does not withdraw once the person accepted', async () => {
    const s = await h.seed({
      steps: [
        { action: 'invite', template: '', acceptTimeoutDays: 7 },
        { action: 'message', template: 'Hi' },
      ],
    });
    const lead = await s.addLead();
    await h.send({ leadId: lead.leadId, step: 0, action: 'invite' });
    await h.database.db.update(leads).set({ status: 'connected', connectedAt: new Date() }).where(eq(leads.id, lead.leadId));
    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'withdraw' })).toEqual({ outcome: 'stopped', reason: 'lead_connected' });
    expect((await h.control.sent(s.account.unipileAccountId)).withdrawals).toHaveLength(0);
  });
});

describe('a message step', () => {
  it('starts a chat with a new connection and stores the conversation', async () => {
    const s = await h.seed();
    const lead = await s.addLead({ first_name: 'Chris' });
    await h.control.connect({ account_id: s.account.unipileAccountId, provider_id: lead.providerId, notify: false });
    await h.database.db
      .update(leads)
      .set({ status: 'connected', currentStep: 1, providerId: lead.providerId, connectedAt: new Date() })
      .where(eq(leads.id, lead.leadId));

    const result = await h.send({ leadId: lead.leadId, step: 1, action: 'message' });

    expect(result).toMatchObject({ outcome: 'sent', action: 'message' });
    const sent = await messagesTo(s.account.unipileAccountId, lead.providerId);
    expect(sent.map((m) => m.text)).toEqual(['Thanks for connecting, Chris!']);
    const row = await h.lead(lead.leadId);
    expect(row).toMatchObject({ status: 'messaged', currentStep: 2, conversationId: sent[0]!.chat_id });
    const [event] = await eventsOf(lead.leadId);
    expect(event).toMatchObject({
      type: 'message_sent',
      meta: expect.objectContaining({
        chat_id: sent[0]!.chat_id,
        text: 'Thanks for connecting, Chris!',
        step: 1,
        from: 'connected',
        to: 'messaged',
        reason: 'message_sent',
      }),
    });
  });
});

describe('when Unipile refuses', () => {
  const invitePath = '/api/v1/users/invite';
  const prepare = async () => {
    const s = await h.seed();
    const lead = await s.addLead();
    return { s, lead };
  };

  it.each([
    ['already_connected', 'connected', 'already_connected'],
    ['already_invited_recently', 'invite_sent', 'already_invited'],
    ['action_already_performed', 'invite_sent', 'already_invited'],
  ])('422 %s → the lead is %s and no invite is recorded as sent', async (type, status, outcome) => {
    const { lead } = await prepare();
    await h.control.addApiFault({
      method: 'POST',
      path: invitePath,
      status: 422,
      type: `errors/${type}`,
      match_body: { provider_id: lead.providerId },
    });
    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'invite' })).toMatchObject({ outcome });
    expect(await h.lead(lead.leadId)).toMatchObject({ status });
    const [action] = await h.actions(lead.leadId);
    expect(action).toMatchObject({ status: 'cancelled', errorCode: type });
    expect((await eventsOf(lead.leadId)).map((e) => [e.type, e.meta.from, e.meta.to, e.meta.reason, e.meta.error_code])).toEqual([
      ['lead_status_changed', 'pending_invite', status, outcome, type],
    ]);
  });

  it.each([
    [422, 'cannot_resend_yet'],
    [422, 'limit_exceeded'],
    [429, 'too_many_requests'],
  ])('%i %s → the account cools down and the job waits, nothing recorded as sent', async (status, type) => {
    const { s, lead } = await prepare();
    await h.control.addApiFault({
      method: 'POST',
      path: invitePath,
      status,
      type: `errors/${type}`,
      match_body: { provider_id: lead.providerId },
    });
    const before = Date.now();
    const wait = await h.send({ leadId: lead.leadId, step: 0, action: 'invite' }).catch((e: unknown) => e);
    expect(wait).toBeInstanceOf(Deferred);
    expect((wait as Deferred).reason).toBe('account_cooldown');
    const [account] = await h.database.db.select().from(linkedinAccounts).where(eq(linkedinAccounts.id, s.account.id));
    expect(account!.cooldownUntil!.getTime()).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    const [action] = await h.actions(lead.leadId);
    expect(action).toMatchObject({ status: 'queued', errorCode: type });
    // The lead waits (its status unchanged) and says why.
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'pending_invite', errorCode: type });
    const [limited] = await eventsOf(lead.leadId);
    expect(limited?.type).toBe('rate_limited');
    // Operators hear about it (Slack, webhooks) through the notifier.
    expect((await h.queues.notifications.getJob(`event-${limited!.id}`))?.data).toEqual({ eventId: limited!.id, clientId: s.client.id });
    // The usage taken for the refused call was given back.
    expect((await h.deps.limiter.usage(account!)).invite.today).toBe(0);
  });

  it.each([
    ['invite', 'invalid_recipient'],
    ['invite', 'cannot_invite_attendee'],
    ['message', 'no_connection_with_recipient'],
    ['message', 'blocked_recipient'],
    ['message', 'user_unreachable'],
  ] as const)('a recipient error on %s (422 %s) stops the lead with the code', async (action, type) => {
    const { s, lead } = await prepare();
    if (action === 'message')
      await h.database.db
        .update(leads)
        .set({ status: 'connected', currentStep: 1, providerId: lead.providerId })
        .where(eq(leads.id, lead.leadId));
    await h.control.addApiFault({
      method: 'POST',
      path: action === 'invite' ? invitePath : '/api/v1/chats',
      status: 422,
      type: `errors/${type}`,
    });
    const step = action === 'invite' ? 0 : 1;
    expect(await h.send({ leadId: lead.leadId, step, action })).toEqual({ outcome: 'lead_error', code: type });
    const row = await h.lead(lead.leadId);
    expect(row).toMatchObject({ status: 'error', errorCode: type });
    expect(row.errorMessage).toContain(type);
    const [recorded] = await h.actions(lead.leadId);
    expect(recorded).toMatchObject({ status: 'failed', errorCode: type });
    expect((await eventsOf(lead.leadId)).map((e) => e.type)).toEqual([
      action === 'invite' ? 'connection_request_failed' : 'message_failed',
    ]);
    expect((await h.control.sent(s.account.unipileAccountId)).messages).toHaveLength(0);
  });

  it.each([
    [401, 'disconnected_account'],
    [403, 'account_restricted'],
  ])('%i %s pauses the account with the reason', async (status, type) => {
    const { s, lead } = await prepare();
    await h.control.addApiFault({ method: 'POST', path: invitePath, status, type: `errors/${type}` });
    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'invite' })).toMatchObject({ outcome: 'account_paused', code: type });
    const [account] = await h.database.db.select().from(linkedinAccounts).where(eq(linkedinAccounts.id, s.account.id));
    expect(account!.pausedReason).toBe(type);
    expect((await h.actions(lead.leadId))[0]).toMatchObject({ status: 'cancelled', errorCode: 'account_paused' });
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'pending_invite', errorCode: type });
    const [changed] = await eventsOf(lead.leadId);
    expect(changed?.type).toBe('account_status_changed');
    expect((await h.queues.notifications.getJob(`event-${changed!.id}`))?.data).toEqual({ eventId: changed!.id, clientId: s.client.id });
  });

  it('a 500 is retried: the row stays "sending", and the retry checks LinkedIn before sending once', async () => {
    const { s, lead } = await prepare();
    await h.control.addApiFault({ method: 'POST', path: invitePath, status: 500, type: 'errors/provider_error' });
    await expect(h.send({ leadId: lead.leadId, step: 0, action: 'invite' })).rejects.toMatchObject({ status: 500 });
    expect((await h.actions(lead.leadId))[0]).toMatchObject({ status: 'sending' });
    // Too soon, the retry waits: the claiming call may still be in flight (a lapsed lock, not a dead process).
    const tooSoon = await h.send({ leadId: lead.leadId, step: 0, action: 'invite' }).catch((e: unknown) => e);
    expect((tooSoon as Deferred).reason).toBe('outcome_pending');
    await h.database.db
      .update(outboundActions)
      .set({ claimedAt: new Date(Date.now() - 60_000) })
      .where(eq(outboundActions.leadId, lead.leadId));
    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'invite' })).toMatchObject({ outcome: 'sent' });
    expect(await invitationsTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(1);
  });

  it('a timeout that did reach LinkedIn is reconciled, not sent again', async () => {
    const { s, lead } = await prepare();
    // The call went out, but the answer was lost: simulate by sending for real, then leaving the claim "sending".
    await h.send({ leadId: lead.leadId, step: 0, action: 'invite' });
    await h.database.db
      .update(outboundActions)
      .set({ status: 'sending', claimedAt: new Date(Date.now() - 60_000) })
      .where(eq(outboundActions.leadId, lead.leadId));
    await h.database.db.update(leads).set({ status: 'pending_invite', currentStep: 0 }).where(eq(leads.id, lead.leadId));
    await h.database.db.delete(events).where(eq(events.leadId, lead.leadId));

    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'invite' })).toMatchObject({ outcome: 'sent', reconciled: true });
    expect(await invitationsTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(1);
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'invite_sent' });
    expect((await eventsOf(lead.leadId)).map((e) => e.type)).toEqual(['connection_request_sent']);
  });

  it('a hung call is retried on the last attempt only as a lead error, never as a send', async () => {
    const { s, lead } = await prepare();
    await h.control.addApiFault({ method: 'POST', path: invitePath, status: 0, delay_ms: 2500 });
    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'invite' }, { finalAttempt: true })).toMatchObject({
      outcome: 'lead_error',
    });
    expect((await h.actions(lead.leadId))[0]?.status).toBe('failed');
    expect(await invitationsTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(0);
  });
});

describe('stopping', () => {
  it('sends nothing after a reply that lands while the send waits for the lead', async () => {
    const s = await h.seed();
    const lead = await s.addLead();
    // The sequencer writes the action row before it enqueues, and the person is known: nothing else waits on the lock below.
    await h.database.db.update(leads).set({ providerId: lead.providerId }).where(eq(leads.id, lead.leadId));
    await h.database.db.insert(outboundActions).values({
      clientId: s.client.id,
      campaignId: s.campaign.id,
      leadId: lead.leadId,
      linkedinAccountId: s.account.id,
      step: 0,
      action: 'invite',
    });
    const reserved = await h.database.sql.reserve();
    try {
      await reserved`begin`;
      const [held] = await reserved`select pg_backend_pid() as pid`;
      await reserved`select id from leads where id = ${lead.leadId} for update`;
      const sending = h.send({ leadId: lead.leadId, step: 0, action: 'invite' });
      await waitFor(
        async () => {
          const [row] = await h.database
            .sql`select count(*)::int as n from pg_stat_activity where ${held!.pid} = any(pg_blocking_pids(pid))`;
          return (row?.n ?? 0) > 0;
        },
        { what: 'the send to wait on the lead lock' },
      );
      // What the reply path does under the same lock.
      await reserved`update leads set status = 'responded', replied_at = now(), next_action_at = null where id = ${lead.leadId}`;
      await reserved`commit`;
      expect(await sending).toMatchObject({ outcome: 'stopped' });
    } finally {
      reserved.release();
    }
    expect(await invitationsTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(0);
    expect((await h.actions(lead.leadId))[0]).toMatchObject({ status: 'cancelled' });
  });

  it('sends nothing to a person who replied in another campaign of the client', async () => {
    const s = await h.seed();
    const lead = await s.addLead();
    const other = await h.database.db
      .insert(campaigns)
      .values({ clientId: s.client.id, linkedinAccountId: s.account.id, name: 'Other', status: 'active' })
      .returning();
    const [otherLead] = await h.database.db
      .insert(leads)
      .values({ clientId: s.client.id, campaignId: other[0]!.id, publicIdentifier: lead.publicIdentifier, status: 'responded' })
      .returning();
    await insertEvent(h.database.db, {
      clientId: s.client.id,
      leadId: otherLead!.id,
      campaignId: other[0]!.id,
      type: 'message_received',
      externalId: 'm1',
      occurredAt: new Date(),
      meta: {},
    });
    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'invite' })).toEqual({ outcome: 'stopped', reason: 'replied' });
    expect(await invitationsTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(0);
  });

  it('holds a message when LinkedIn shows a reply our records do not have yet', async () => {
    const s = await h.seed();
    const lead = await s.addLead();
    await h.control.connect({ account_id: s.account.unipileAccountId, provider_id: lead.providerId, notify: false });
    const reply = await h.control.reply(lead.providerId, { account_id: s.account.unipileAccountId, text: 'Not interested' });
    await h.database.db
      .update(leads)
      .set({
        status: 'connected',
        currentStep: 1,
        providerId: lead.providerId,
        conversationId: reply.chat_id,
        createdAt: new Date(Date.now() - 3600_000),
      })
      .where(eq(leads.id, lead.leadId));
    const wait = await h.send({ leadId: lead.leadId, step: 1, action: 'message' }).catch((e: unknown) => e);
    expect(wait).toBeInstanceOf(Deferred);
    expect((wait as Deferred).reason).toBe('unrecorded_reply');
    expect(await messagesTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(0);
    expect(await h.queues.replyBackfill.getJobCounts('waiting', 'delayed')).toMatchObject({ waiting: 1 });
  });

  it.each([
    ['paused', 'campaign_paused'],
    ['stopped', 'campaign_stopped'],
  ] as const)('a %s campaign cancels the queued step', async (status, reason) => {
    const s = await h.seed();
    const lead = await s.addLead();
    await h.database.db.update(campaigns).set({ status }).where(eq(campaigns.id, s.campaign.id));
    expect(await h.send({ leadId: lead.leadId, step: 0, action: 'invite' })).toEqual({ outcome: 'stopped', reason });
    expect((await h.actions(lead.leadId))[0]).toMatchObject({ status: 'cancelled', errorCode: reason });
    expect(await invitationsTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(0);
  });

  it('a global stop cancels the step', async () => {
    const s = await h.seed();
    const lead = await s.addLead();
    await setSchedulerState(h.database.db, { running: false, reason: 'test' });
    try {
      expect(await h.send({ leadId: lead.leadId, step: 0, action: 'invite' })).toEqual({ outcome: 'stopped', reason: 'scheduler_stopped' });
    } finally {
      await setSchedulerState(h.database.db, { running: true });
    }
    expect(await invitationsTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(0);
  });

  it('waits when today is not a working day in the campaign timezone', async () => {
    // Monday 11:00 in UTC is already Tuesday 01:00 in Kiritimati (UTC+14): the campaign's zone decides, not the server's.
    // The clock is injected, so the test means the same thing whenever it runs.
    const now = new Date('2026-06-01T11:00:00Z');
    const s = await h.seed({ campaign: { timezone: 'Pacific/Kiritimati', workingDays: [1, 3, 4, 5, 6, 7] } });
    const lead = await s.addLead();
    const control: SendControl = { isFinalAttempt: false, defer: async (until, reason) => Promise.reject(new Deferred(until, reason)) };
    const wait = await processSendOutboundAction(
      h.deps,
      { leadId: lead.leadId, step: 0, action: 'invite', revision: 0 },
      control,
      () => now,
    ).catch((e: unknown) => e);
    expect(wait).toBeInstanceOf(Deferred);
    expect((wait as Deferred).reason).toBe('outside_window');
    // Wednesday 00:00 in Kiritimati.
    expect((wait as Deferred).until.toISOString()).toBe('2026-06-02T10:00:00.000Z');
    expect((await h.lead(lead.leadId)).nextActionAt?.toISOString()).toBe('2026-06-02T10:00:00.000Z');
    expect(await invitationsTo(s.account.unipileAccountId, lead.providerId)).toHaveLength(0);
  });
});

describe('rate limits', () => {
  it('sends up to the daily cap, then waits for the next local day', async () => {
    const s = await h.seed({ account: { dailyInviteLimit: 2, timezone: 'Asia/Kolkata' } });
    const people = await Promise.all([1, 2, 3].map(() => s.addLead()));
    const results = await Promise.all(people.map((p) => h.send({ leadId: p.leadId, step: 0, action: 'invite' }).catch((e: unknown) => e)));
    expect(results.filter((r) => (r as { outcome?: string }).outcome === 'sent')).toHaveLength(2);
    const waits = results.filter((r): r is Deferred => r instanceof Deferred);
    expect(waits.map((w) => w.reason)).toEqual(['invite_daily_cap']);
    expect(waits[0]!.until.getTime()).toBeGreaterThan(Date.now());
    expect((await h.control.sent(s.account.unipileAccountId)).invitations).toHaveLength(2);
    const queued = await h.database.db
      .select()
      .from(outboundActions)
      .where(and(eq(outboundActions.linkedinAccountId, s.account.id), eq(outboundActions.status, 'queued')));
    expect(queued).toHaveLength(1);
  });
});
