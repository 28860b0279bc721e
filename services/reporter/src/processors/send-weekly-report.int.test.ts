import { emails, emailUnsubscribes, events, notificationSettings } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { EmailDeliveryError } from '@outreach/email';
import { enqueue, sendWeeklyReportJob, sendWeeklyReportJobId } from '@outreach/queues';
import { verifyUnsubscribeToken } from '@outreach/reports';
import { insertAccount, insertCampaign, insertClient, insertLead, waitFor } from '@outreach/testing';
import { startReporterHarness, PUBLIC_API_URL, TEST_UNSUBSCRIBE_SECRET, type ReporterHarness } from '../test-support/harness';
import { startReporterWorkers, type ReporterWorkers } from '../workers';
import { processSendWeeklyReport, weeklyReportDedupeKey } from './send-weekly-report';

const WEEK = '2026-W13';
let h: ReporterHarness;

beforeEach(async () => {
  // Clients created now are never due at this clock (see plan-weekly-reports.int.test.ts), so a
  // planner run by the worker touches only this file's back-dated clients.
  h = await startReporterHarness({ now: new Date('2026-03-30T09:00:00Z') });
});
afterEach(async () => {
  await h.close();
});

/** A London client with one invite and one reply in W13, and the given report addresses. */
async function client(reportEmails: string[]) {
  const c = await insertClient(h.database.db, {
    name: 'Acme <Ltd>',
    timezone: 'Europe/London',
    reportEmails,
    createdAt: new Date('2025-01-01T00:00:00Z'),
  });
  h.forget(c.id);
  const account = await insertAccount(h.database.db, c.id);
  const campaign = await insertCampaign(h.database.db, c.id, account.id);
  const lead = await insertLead(h.database.db, campaign, { firstName: 'Ada' });
  const base = { clientId: c.id, campaignId: campaign.id, leadId: lead.id, linkedinAccountId: account.id };
  await h.database.db.insert(events).values([
    { ...base, type: 'connection_request_sent', occurredAt: new Date('2026-03-24T10:00:00Z') },
    { ...base, type: 'message_received', externalId: `m-${lead.id}`, occurredAt: new Date('2026-03-26T10:00:00Z') },
  ]);
  return c;
}

const sentTo = (h: ReporterHarness): string[] =>
  h.resend
    .received()
    .flatMap((e) => e.to)
    .sort();

describe('send-weekly-report', () => {
  it('sends each recipient one copy with their own unsubscribe link, however often it runs', async () => {
    const c = await client(['Ops@Example.com', 'ceo@example.com', 'ops@example.com ']);
    const first = await processSendWeeklyReport(h.deps, { clientId: c.id, week: WEEK });
    expect(first).toEqual({ recipients: { 'ops@example.com': 'sent', 'ceo@example.com': 'sent' } });

    const second = await processSendWeeklyReport(h.deps, { clientId: c.id, week: WEEK });
    expect(second).toEqual({ recipients: { 'ops@example.com': 'already_sent', 'ceo@example.com': 'already_sent' } });
    expect(h.resend.requests()).toBe(2);
    expect(sentTo(h)).toEqual(['ceo@example.com', 'ops@example.com']);

    const ops = h.resend.received().find((e) => e.to[0] === 'ops@example.com');
    expect(ops?.subject).toBe('Weekly outreach report · Acme <Ltd> · 23–29 Mar 2026');
    expect(ops?.html).toContain('Acme &lt;Ltd&gt;');
    expect(ops?.text).toContain('Invites sent: 1');
    const link = /<(https:\/\/[^>]+)>/.exec(ops?.headers['List-Unsubscribe'] ?? '')?.[1] ?? '';
    // RFC 8058 one-click: mail providers POST to the link (the gateway's POST /api/unsubscribe).
    expect(ops?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(link.startsWith(`${PUBLIC_API_URL}/api/unsubscribe?token=`)).toBe(true);
    expect(ops?.text).toContain(link);
    const token = decodeURIComponent(new URL(link).searchParams.get('token') ?? '');
    expect(verifyUnsubscribeToken(TEST_UNSUBSCRIBE_SECRET, token)).toEqual({
      clientId: c.id,
      email: 'ops@example.com',
      list: 'weekly_report',
    });

    const rows = await h.database.db
      .select()
      .from(emails)
      .where(eq(emails.dedupeKey, weeklyReportDedupeKey(c.id, WEEK, 'ops@example.com')));
    expect(rows).toMatchObject([{ kind: 'weekly_report', status: 'sent', transport: 'resend', to: ['ops@example.com'], clientId: c.id }]);
  });

  it('sends each recipient one copy when two report jobs for the same client and week run at once', async () => {
    const c = await client(['ops@example.com', 'ceo@example.com']);
    const runs = await Promise.all([0, 1, 2].map(() => processSendWeeklyReport(h.deps, { clientId: c.id, week: WEEK })));
    // Whichever run took a recipient's row sent it; the others saw it sent (or in flight) and sent nothing.
    for (const address of ['ops@example.com', 'ceo@example.com']) {
      expect(runs.map((r) => r.recipients[address]).filter((o) => o === 'sent')).toHaveLength(1);
    }
    expect(h.resend.requests()).toBe(2);
    expect(sentTo(h)).toEqual(['ceo@example.com', 'ops@example.com']);
    const rows = await h.database.db.select().from(emails).where(eq(emails.clientId, c.id));
    expect(rows.map((r) => r.status).sort()).toEqual(['sent', 'sent']);
  });

  it('sends nothing to an unsubscribed recipient', async () => {
    const c = await client(['stay@example.com', 'Gone@Example.com']);
    await h.database.db.insert(emailUnsubscribes).values({ clientId: c.id, email: 'gone@example.com', list: 'weekly_report' });
    const result = await processSendWeeklyReport(h.deps, { clientId: c.id, week: WEEK });
    expect(result.recipients).toEqual({ 'stay@example.com': 'sent', 'gone@example.com': 'unsubscribed' });
    expect(sentTo(h)).toEqual(['stay@example.com']);
    expect(
      await h.database.db
        .select()
        .from(emails)
        .where(eq(emails.dedupeKey, weeklyReportDedupeKey(c.id, WEEK, 'gone@example.com'))),
    ).toEqual([]);
  });

  it('prefers the settings recipients over the client report emails, and respects reports turned off', async () => {
    const c = await client(['fallback@example.com']);
    await h.database.db.insert(notificationSettings).values({ clientId: c.id, reportRecipients: ['chosen@example.com'] });
    await processSendWeeklyReport(h.deps, { clientId: c.id, week: WEEK });
    expect(sentTo(h)).toEqual(['chosen@example.com']);

    await h.database.db.update(notificationSettings).set({ reportsEnabled: false }).where(eq(notificationSettings.clientId, c.id));
    expect(await processSendWeeklyReport(h.deps, { clientId: c.id, week: '2026-W14' })).toEqual({ skipped: 'reports_off', recipients: {} });
    expect(h.resend.requests()).toBe(1);
  });

  it('retries after Resend answers 500, sending only the copies not yet sent', async () => {
    const c = await client(['a@example.com', 'b@example.com']);
    h.resend.failNext(500, { name: 'internal_server_error', message: 'boom' });
    // The first copy fails: the attempt throws for BullMQ to retry.
    await expect(processSendWeeklyReport(h.deps, { clientId: c.id, week: WEEK })).rejects.toBeInstanceOf(EmailDeliveryError);
    const retried = await processSendWeeklyReport(h.deps, { clientId: c.id, week: WEEK });
    expect(retried.recipients).toEqual({ 'a@example.com': 'sent', 'b@example.com': 'sent' });
    expect(sentTo(h)).toEqual(['a@example.com', 'b@example.com']);
  });

  it('records a 422 as failed and does not try that copy again', async () => {
    const c = await client(['bad@example.com']);
    h.resend.failNext(422, { name: 'validation_error', message: 'Invalid `to` field.' });
    expect((await processSendWeeklyReport(h.deps, { clientId: c.id, week: WEEK })).recipients).toEqual({ 'bad@example.com': 'failed' });
    expect((await processSendWeeklyReport(h.deps, { clientId: c.id, week: WEEK })).recipients).toEqual({
      'bad@example.com': 'already_failed',
    });
    expect(h.resend.requests()).toBe(1);
    const [row] = await h.database.db
      .select()
      .from(emails)
      .where(eq(emails.dedupeKey, weeklyReportDedupeKey(c.id, WEEK, 'bad@example.com')));
    expect(row).toMatchObject({ status: 'failed', errorCode: 'validation_error' });
  });

  it('sends nothing while WEEKLY_REPORTS_ENABLED is false, and refuses a malformed week', async () => {
    const c = await client(['ops@example.com']);
    h.deps.reports.enabled = false;
    expect(await processSendWeeklyReport(h.deps, { clientId: c.id, week: WEEK })).toEqual({ skipped: 'disabled', recipients: {} });
    await expect(processSendWeeklyReport(h.deps, { clientId: c.id, week: '2025-W53' })).rejects.toThrow(/not an ISO week/);
    expect(h.resend.requests()).toBe(0);
  });

  describe('through the queue', () => {
    let workers: ReporterWorkers | undefined;
    afterEach(async () => {
      await workers?.close();
    });

    it('plans on start, sends once per recipient, and ignores the same job enqueued again', async () => {
      // Asserted through this client's rows: back-dated clients other runs left behind may be planned too.
      const c = await client(['ops@example.com', 'ceo@example.com']);
      workers = await startReporterWorkers(h.deps, {
        connection: h.redis,
        prefix: h.prefix,
        concurrency: 2,
        planEveryMs: 3_600_000,
        rollupEveryMs: 3_600_000,
      });
      // The state first, then the job: a job read before it finished would lack its return value.
      const id = sendWeeklyReportJobId(c.id, WEEK);
      const job = await waitFor(
        async () => ((await h.queues.weeklyReports.getJobState(id)) === 'completed' ? h.queues.weeklyReports.getJob(id) : null),
        {
          what: 'the planned report to complete',
        },
      );
      expect(job!.returnvalue).toEqual({ recipients: { 'ops@example.com': 'sent', 'ceo@example.com': 'sent' } });
      const sent = await h.database.db.select().from(emails).where(eq(emails.clientId, c.id));
      expect(sent.map((e) => [e.to[0], e.status]).sort()).toEqual([
        ['ceo@example.com', 'sent'],
        ['ops@example.com', 'sent'],
      ]);
      const providerIds = sent.map((e) => e.providerMessageId);
      expect(h.resend.received().filter((r) => providerIds.includes(r.id))).toHaveLength(2);

      const again = await enqueue(h.queues, sendWeeklyReportJob, { clientId: c.id, week: WEEK });
      expect(again.id).toBe(job!.id);
      expect(await again.getState()).toBe('completed');
      expect(await h.database.db.select().from(emails).where(eq(emails.clientId, c.id))).toHaveLength(2);
      expect(h.resend.received().filter((r) => r.to[0] === 'ops@example.com' && providerIds.includes(r.id))).toHaveLength(1);
    });
  });
});
