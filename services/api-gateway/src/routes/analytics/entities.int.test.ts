import { localDateOf, addLocalDays } from '@outreach/analytics';
import { accountLimitHistory, events, linkedinAccounts, rateUsage, recordDeferral, rollupEventsBatch, type EventType } from '@outreach/db';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { insertAccount, insertCampaign, insertClient, insertLead, insertTenant } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

type Tenant = Awaited<ReturnType<typeof insertTenant>>;
async function addEvent(
  t: Tenant,
  campaignId: string,
  leadId: string | null,
  type: EventType,
  at: Date,
  meta: Record<string, unknown> = {},
  accountId = t.account.id,
) {
  await g.database.db
    .insert(events)
    .values({ clientId: t.client.id, campaignId, linkedinAccountId: accountId, leadId, type, occurredAt: at, meta });
}
async function rollUp(): Promise<void> {
  while ((await rollupEventsBatch(g.database.db, 50_000)).events === 50_000);
}

describe('GET /api/analytics/accounts/{id}/rate-usage', () => {
  it("shows each account-local day's counters against the caps, its 429s and the rolling weekly invites", async () => {
    const t = await insertTenant(g.database.db, { timezone: 'Asia/Kolkata', dailyInviteLimit: 20, weeklyInviteLimit: 80 });
    const today = localDateOf(new Date(), 'Asia/Kolkata');
    await g.database.db.insert(rateUsage).values([
      { linkedinAccountId: t.account.id, action: 'invite', day: today, count: 5 },
      { linkedinAccountId: t.account.id, action: 'message', day: today, count: 10 },
      { linkedinAccountId: t.account.id, action: 'invite', day: addLocalDays(today, -1), count: 20 },
      { linkedinAccountId: t.account.id, action: 'invite', day: addLocalDays(today, -8), count: 20 },
    ]);
    await addEvent(t, t.campaign.id, null, 'rate_limited', new Date(Date.now() - 60_000));
    const viewer = await g.createUser('viewer', t.client.id);
    const res = await g.call('GET', `/api/analytics/accounts/${t.account.id}/rate-usage?days=2`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.tz).toBe('Asia/Kolkata');
    expect(res.body.days.map((d: { date: string }) => d.date)).toEqual([addLocalDays(today, -1), today]);
    expect(res.body.days[1]).toMatchObject({
      invites: { used: 5, limit: 20, utilisation: { num: 5, den: 20, den_name: 'daily_limit', value: 0.25 } },
      messages: { used: 10, limit: 100 },
      unipile_429s: 1,
    });
    expect(res.body.days[0].invites.utilisation.value).toBe(1);
    expect(res.body.rolling_7_day_invites).toMatchObject({ used: 25, limit: 80 });

    const other = await insertTenant(g.database.db);
    const stranger = await g.createUser('agent', other.client.id);
    expect((await g.call('GET', `/api/analytics/accounts/${t.account.id}/rate-usage`, { token: stranger.token })).status).toBe(404);
  });
});

describe('rate usage: caps in force and deferrals', () => {
  it('reports each day against the limits in force at its end, across a change of the limits', async () => {
    const t = await insertTenant(g.database.db, { timezone: 'Asia/Kolkata', dailyInviteLimit: 20, weeklyInviteLimit: 80 });
    const today = localDateOf(new Date(), 'Asia/Kolkata');
    // The account's first version dates from ten days ago; today an operator raises the limits (the trigger records it).
    await g.database.db
      .update(accountLimitHistory)
      .set({ effectiveFrom: new Date(Date.now() - 10 * 86_400_000) })
      .where(eq(accountLimitHistory.linkedinAccountId, t.account.id));
    await g.database.db
      .update(linkedinAccounts)
      .set({ dailyInviteLimit: 30, weeklyInviteLimit: 120 })
      .where(eq(linkedinAccounts.id, t.account.id));
    await g.database.db.update(linkedinAccounts).set({ name: 'renamed' }).where(eq(linkedinAccounts.id, t.account.id));
    const versions = await g.database.db.select().from(accountLimitHistory).where(eq(accountLimitHistory.linkedinAccountId, t.account.id));
    expect(versions.map((v) => v.dailyInviteLimit).sort()).toEqual([20, 30]);
    await g.database.db.insert(rateUsage).values([
      { linkedinAccountId: t.account.id, action: 'invite', day: addLocalDays(today, -1), count: 20 },
      { linkedinAccountId: t.account.id, action: 'invite', day: today, count: 6 },
    ]);
    const viewer = await g.createUser('viewer', t.client.id);
    const res = await g.call('GET', `/api/analytics/accounts/${t.account.id}/rate-usage?days=2`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.days[0]).toMatchObject({ date: addLocalDays(today, -1), invites: { used: 20, limit: 20 }, weekly_invite_limit: 80 });
    expect(res.body.days[1]).toMatchObject({ date: today, invites: { used: 6, limit: 30 }, weekly_invite_limit: 120 });
    expect(res.body.days[1].invites.utilisation.value).toBeCloseTo(0.2);
    expect(res.body.rolling_7_day_invites).toMatchObject({ used: 26, limit: 120 });
  });

  it('answers the deferrals the sender recorded, per account-local day and cap', async () => {
    const t = await insertTenant(g.database.db, { timezone: 'America/New_York' });
    const today = localDateOf(new Date(), 'America/New_York');
    const yesterday = addLocalDays(today, -1);
    const until = new Date(Date.now() + 3_600_000);
    const defer = (day: string, cap: 'daily_cap' | 'spacing' | 'cooldown', subjectId = randomUUID()) =>
      recordDeferral(g.database.db, { accountId: t.account.id, day, cap, subjectId, until });
    const replayed = randomUUID();
    await defer(today, 'daily_cap', replayed);
    await defer(today, 'daily_cap', replayed);
    await defer(today, 'daily_cap');
    await defer(today, 'spacing');
    await defer(yesterday, 'cooldown');
    const viewer = await g.createUser('viewer', t.client.id);
    const res = await g.call('GET', `/api/analytics/accounts/${t.account.id}/rate-usage?days=2`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.days[0].deferrals_by_cap).toEqual({ daily_cap: 0, weekly_cap: 0, spacing: 0, window_closed: 0, cooldown: 1 });
    expect(res.body.days[1].deferrals_by_cap).toEqual({ daily_cap: 2, weekly_cap: 0, spacing: 1, window_closed: 0, cooldown: 0 });
  });
});

describe('GET /api/analytics/clients/{id}/overview', () => {
  it('counts replies today and those awaiting an operator until the inbox answers', async () => {
    const t = await insertTenant(g.database.db);
    const lead = await insertLead(g.database.db, t.campaign, { status: 'responded' });
    const now = Date.now();
    await addEvent(t, t.campaign.id, lead.id, 'message_sent', new Date(now - 120_000), { step: 1 });
    await addEvent(t, t.campaign.id, lead.id, 'message_received', new Date(now - 60_000));
    await rollUp();
    const viewer = await g.createUser('viewer', t.client.id);
    const res = await g.call('GET', `/api/analytics/clients/${t.client.id}/overview`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ client_id: t.client.id, replies_today: 1, replies_this_week: 1, replies_awaiting_operator: 1 });
    expect(res.body.active_campaigns).toEqual([{ id: t.campaign.id, name: t.campaign.name, linkedin_account_id: t.account.id }]);
    expect(res.body.accounts[0]).toMatchObject({ id: t.account.id, status: 'OK', today: { invites: { used: 0, limit: 25 } } });

    await addEvent(t, t.campaign.id, lead.id, 'message_sent', new Date(now - 30_000), { step: 'manual', origin: 'inbox' });
    await rollUp();
    expect(
      (await g.call('GET', `/api/analytics/clients/${t.client.id}/overview`, { token: viewer.token })).body.replies_awaiting_operator,
    ).toBe(0);

    const other = await insertClient(g.database.db);
    expect((await g.call('GET', `/api/analytics/clients/${other.id}/overview`, { token: viewer.token })).status).toBe(404);
  });
});

describe('GET /api/analytics/compare', () => {
  it('gives each campaign its rates with n and the Wilson 95 % interval, and 404 for an id the caller cannot see', async () => {
    const t = await insertTenant(g.database.db);
    const second = await insertCampaign(g.database.db, t.client.id, t.account.id);
    const at = new Date(Date.now() - 86_400_000);
    for (let i = 0; i < 10; i++) {
      const lead = await insertLead(g.database.db, t.campaign);
      await addEvent(t, t.campaign.id, lead.id, 'connection_request_sent', at);
      if (i < 3) await addEvent(t, t.campaign.id, lead.id, 'connection_accepted', at);
    }
    await rollUp();
    const viewer = await g.createUser('viewer', t.client.id);
    const res = await g.call('GET', `/api/analytics/compare?dimension=campaign&ids=${t.campaign.id},${second.id}&days=7`, {
      token: viewer.token,
    });
    expect(res.status).toBe(200);
    const [a, b] = res.body.entities;
    expect(a).toMatchObject({ id: t.campaign.id, invites_sent: 10, acceptances: 3, leads_contacted: 10 });
    expect(a.acceptance_rate).toMatchObject({ num: 3, den: 10, n: 10, den_name: 'invites_sent', value: 0.3 });
    expect(a.acceptance_rate.ci95[0]).toBeCloseTo(0.1078, 4);
    expect(a.acceptance_rate.ci95[1]).toBeCloseTo(0.6032, 4);
    expect(b).toMatchObject({ id: second.id, invites_sent: 0, acceptance_rate: { value: null, ci95: null } });

    const accounts = await g.call('GET', `/api/analytics/compare?dimension=account&ids=${t.account.id}&days=7`, { token: viewer.token });
    expect(accounts.body.entities[0]).toMatchObject({ invites_sent: 10, acceptances: 3 });

    const other = await insertTenant(g.database.db);
    const otherAccount = await insertAccount(g.database.db, other.client.id);
    expect(
      (await g.call('GET', `/api/analytics/compare?dimension=campaign&ids=${t.campaign.id},${other.campaign.id}`, { token: viewer.token }))
        .status,
    ).toBe(404);
    expect((await g.call('GET', `/api/analytics/compare?dimension=account&ids=${otherAccount.id}`, { token: viewer.token })).status).toBe(
      404,
    );
    expect((await g.call('GET', `/api/analytics/compare?dimension=client&ids=${other.client.id}`, { token: viewer.token })).status).toBe(
      404,
    );
    const bad = await g.call('GET', '/api/analytics/compare?dimension=lead&ids=nope', { token: viewer.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/query\.dimension/);
  });
});
