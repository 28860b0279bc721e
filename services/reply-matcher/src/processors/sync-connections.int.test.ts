import { events, leads } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { enqueue, syncConnectionsJob } from '@outreach/queues';
import { insertAccount, insertCampaign, insertLead, insertTenant, waitFor } from '@outreach/testing';
import type { UnipileClient } from '@outreach/unipile';
import { startMatcherHarness, type MatcherHarness } from '../test-support/harness';
import { startMatcherWorkers, type MatcherWorkers } from '../workers';
import { processSyncConnections } from './sync-connections';

let h: MatcherHarness;
beforeAll(async () => {
  h = await startMatcherHarness();
});
afterAll(async () => {
  await h.close();
});

const db = () => h.database.db;
const leadRow = async (id: string) => (await db().select().from(leads).where(eq(leads.id, id)))[0];
const acceptancesOf = (leadId: string) =>
  db()
    .select()
    .from(events)
    .where(and(eq(events.leadId, leadId), eq(events.type, 'connection_accepted')));

async function world() {
  const account = await h.control.createAccount({ name: 'Sync Sender' });
  const tenant = await insertTenant(db(), { unipileAccountId: account.id, providerUserId: account.connection_params.im.id });
  return { account, tenant };
}

const newPerson = () => h.control.createPerson({ first_name: 'Casey', last_name: `Relation ${Math.random().toString(36).slice(2, 8)}` });

/** The person accepts an invitation the account really sent, with no `new_relation` webhook. */
async function acceptedInvite(accountId: string) {
  const person = await newPerson();
  await h.deps.unipile.sendInvitation({ accountId, providerId: person.provider_id });
  await h.control.accept(person.provider_id, { account_id: accountId, notify: false });
  return person;
}

async function connected(accountId: string) {
  const person = await newPerson();
  await h.control.connect({ account_id: accountId, provider_id: person.provider_id, notify: false });
  return person;
}

const slug = (person: { public_identifier: string }) => person.public_identifier.toLowerCase();
const justNow = () => new Date(Date.now() - 60_000);

describe('connection sync', () => {
  it('connects the leads found among the relations once, by provider id or public identifier, with detection relations_sync', async () => {
    const w = await world();
    const byProvider = await acceptedInvite(w.account.id);
    const bySlug = await acceptedInvite(w.account.id);
    const stillPending = await newPerson();
    await h.deps.unipile.sendInvitation({ accountId: w.account.id, providerId: stillPending.provider_id });
    const messaged = await connected(w.account.id);
    const stranger = await connected(w.account.id);

    const a = await insertLead(db(), w.tenant.campaign, {
      providerId: byProvider.provider_id,
      status: 'invite_sent',
      inviteSentAt: justNow(),
    });
    const b = await insertLead(db(), w.tenant.campaign, { publicIdentifier: slug(bySlug), status: 'invite_sent', inviteSentAt: justNow() });
    const c = await insertLead(db(), w.tenant.campaign, {
      providerId: stillPending.provider_id,
      status: 'invite_sent',
      inviteSentAt: justNow(),
    });
    await insertLead(db(), w.tenant.campaign, { providerId: messaged.provider_id, status: 'messaged' });

    const payload = { linkedinAccountId: w.tenant.account.id, reason: 'on_demand' as const };
    const first = await processSyncConnections(h.deps, payload);
    expect(first).toEqual({
      matched: 2,
      alreadyConnected: 1,
      scanned: 4,
      unmatchedSample: [{ memberId: stranger.provider_id, publicIdentifier: slug(stranger) }],
    });

    expect(await leadRow(a.id)).toMatchObject({ status: 'connected' });
    expect(await leadRow(b.id)).toMatchObject({ status: 'connected', providerId: bySlug.provider_id });
    expect(await leadRow(c.id)).toMatchObject({ status: 'invite_sent' });
    const [acceptedA] = await acceptancesOf(a.id);
    expect(acceptedA?.meta).toMatchObject({ detection: 'relations_sync', method: 'unipile_relations', match_key: 'provider_id' });
    expect((await acceptancesOf(b.id))[0]?.meta).toMatchObject({ detection: 'relations_sync', match_key: 'public_identifier' });

    const second = await processSyncConnections(h.deps, payload);
    expect(second).toMatchObject({ matched: 0, alreadyConnected: 3, scanned: 4 });
    expect(await acceptancesOf(a.id)).toHaveLength(1);
    expect(await acceptancesOf(b.id)).toHaveLength(1);
  });

  it("touches only the account's campaigns, and only the campaign named", async () => {
    const w = await world();
    const person = await acceptedInvite(w.account.id);
    const sameAccount = await insertCampaign(db(), w.tenant.client.id, w.tenant.account.id);
    const otherAccount = await insertAccount(db(), w.tenant.client.id);
    const otherAccountCampaign = await insertCampaign(db(), w.tenant.client.id, otherAccount.id);
    const otherTenant = await insertTenant(db());
    const ids = { providerId: person.provider_id, status: 'invite_sent' as const, inviteSentAt: justNow() };
    const named = await insertLead(db(), w.tenant.campaign, ids);
    const sibling = await insertLead(db(), sameAccount, ids);
    const viaOtherAccount = await insertLead(db(), otherAccountCampaign, ids);
    const otherClient = await insertLead(db(), otherTenant.campaign, ids);

    const scoped = await processSyncConnections(h.deps, {
      linkedinAccountId: w.tenant.account.id,
      campaignId: w.tenant.campaign.id,
      reason: 'on_demand',
    });
    expect(scoped.matched).toBe(1);
    expect((await leadRow(named.id))?.status).toBe('connected');
    expect((await leadRow(sibling.id))?.status).toBe('invite_sent');

    const whole = await processSyncConnections(h.deps, { linkedinAccountId: w.tenant.account.id, reason: 'on_demand' });
    expect(whole).toMatchObject({ matched: 1, alreadyConnected: 1 });
    expect((await leadRow(sibling.id))?.status).toBe('connected');
    expect((await leadRow(viaOtherAccount.id))?.status).toBe('invite_sent');
    expect((await leadRow(otherClient.id))?.status).toBe('invite_sent');
  });

  describe('when a relation carries no public identifier', () => {
    const withoutSlugs = (): UnipileClient => ({
      ...h.deps.unipile,
      listRelations: async (accountId, q) => {
        const page = await h.deps.unipile.listRelations(accountId, q);
        return { ...page, items: page.items.map((r) => ({ ...r, public_identifier: null })) };
      },
    });

    it('finds a lead known only by its slug through one profile lookup', async () => {
      const w = await world();
      const person = await acceptedInvite(w.account.id);
      const lead = await insertLead(db(), w.tenant.campaign, {
        publicIdentifier: slug(person),
        status: 'invite_sent',
        inviteSentAt: justNow(),
      });

      const result = await processSyncConnections(
        { ...h.deps, unipile: withoutSlugs() },
        { linkedinAccountId: w.tenant.account.id, reason: 'on_demand' },
      );
      expect(result.matched).toBe(1);
      expect(await leadRow(lead.id)).toMatchObject({ status: 'connected', providerId: person.provider_id });
      expect((await acceptancesOf(lead.id))[0]?.meta).toMatchObject({ match_key: 'profile_lookup.public_identifier' });
      const views = (await h.control.sent(w.account.id)).profile_views;
      expect(views.map((v) => v.provider_id)).toEqual([person.provider_id]);
    });

    it('spends no profile view when every waiting lead has a provider id', async () => {
      const w = await world();
      const person = await acceptedInvite(w.account.id);
      await connected(w.account.id);
      await insertLead(db(), w.tenant.campaign, { providerId: person.provider_id, status: 'invite_sent', inviteSentAt: justNow() });

      const result = await processSyncConnections(
        { ...h.deps, unipile: withoutSlugs() },
        { linkedinAccountId: w.tenant.account.id, reason: 'on_demand' },
      );
      expect(result).toMatchObject({ matched: 1, scanned: 2 });
      expect((await h.control.sent(w.account.id)).profile_views).toHaveLength(0);
    });
  });

  it('stops reading relations older than the oldest invitation that left the pending list', async () => {
    const w = await world();
    for (let i = 0; i < 5; i += 1) await connected(w.account.id);
    const { now } = await h.control.advanceClock(2 * 24 * 3600_000);
    const recent = [await acceptedInvite(w.account.id), await acceptedInvite(w.account.id)];
    for (const person of recent)
      await insertLead(db(), w.tenant.campaign, { providerId: person.provider_id, status: 'invite_sent', inviteSentAt: new Date(now) });

    const payload = { linkedinAccountId: w.tenant.account.id, reason: 'on_demand' as const };
    const bounded = await processSyncConnections(h.deps, payload, { pageSize: 2 });
    // Page one: the two acceptances; page two holds older relations, so page three is never read.
    expect(bounded).toMatchObject({ matched: 2, scanned: 4 });

    // An invitation without a send time gives no bound: every page is read, up to the limit.
    await insertLead(db(), w.tenant.campaign, { status: 'invite_sent', inviteSentAt: null });
    expect(await processSyncConnections(h.deps, payload, { pageSize: 2 })).toMatchObject({ scanned: 7 });
    expect(await processSyncConnections(h.deps, payload, { pageSize: 2, maxPages: 2 })).toMatchObject({ scanned: 4 });
  });

  it('answers an empty result for an account that no longer exists', async () => {
    const result = await processSyncConnections(h.deps, { linkedinAccountId: '00000000-0000-4000-8000-000000000000', reason: 'on_demand' });
    expect(result).toEqual({ matched: 0, alreadyConnected: 0, scanned: 0, unmatchedSample: [] });
  });
});

describe('connection sync through the queue', () => {
  let workers: MatcherWorkers;
  beforeAll(async () => {
    workers = await startMatcherWorkers(h.deps, { connection: h.redis, prefix: h.prefix, concurrency: 2, lockDurationMs: 5000 });
  });
  afterAll(async () => {
    await workers.close();
  });

  const finished = (jobId: string) =>
    waitFor(
      async () => {
        // The state first, then the job: a job read before it finished would lack its result.
        const state = await h.queues.connectionSync.getJobState(jobId);
        return state === 'completed' || state === 'failed' ? h.queues.connectionSync.getJob(jobId) : undefined;
      },
      { what: `job ${jobId} finished` },
    );

  it('runs an enqueued sync and returns what it found', async () => {
    const w = await world();
    const person = await acceptedInvite(w.account.id);
    const lead = await insertLead(db(), w.tenant.campaign, {
      providerId: person.provider_id,
      status: 'invite_sent',
      inviteSentAt: justNow(),
    });
    const job = await enqueue(h.queues, syncConnectionsJob, { linkedinAccountId: w.tenant.account.id, reason: 'on_demand' });
    const done = await finished(job.id!);
    expect(done.returnvalue).toMatchObject({ matched: 1, scanned: 1 });
    expect((await leadRow(lead.id))?.status).toBe('connected');
  });

  it('fails at once, without retries, when Unipile refuses the account', async () => {
    const w = await world();
    await h.control.setAccountStatus(w.account.id, 'CREDENTIALS');
    const job = await enqueue(h.queues, syncConnectionsJob, { linkedinAccountId: w.tenant.account.id, reason: 'on_demand' });
    const done = await finished(job.id!);
    expect(await done.getState()).toBe('failed');
    expect(done.attemptsMade).toBe(1);
    expect(done.failedReason).toMatch(/Unipile answered 401/);
  });

  it('sends a payload that does not match its schema to the failed set', async () => {
    const job = await h.queues.connectionSync.add(syncConnectionsJob.name, { linkedinAccountId: 'nope' });
    const done = await finished(job.id!);
    expect(done.failedReason).toMatch(/invalid sync-connections payload/);
  });
});
