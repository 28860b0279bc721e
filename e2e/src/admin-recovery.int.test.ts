import { events, leads, type Database } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { createTestInfrastructure, insertCampaign, insertLead, insertTenant, type TestInfrastructure } from '@outreach/testing';
import { createUnipileClient, type UnipileClient } from '@outreach/unipile';
import { SandboxControl, startSandbox, type Sandbox } from '@outreach/unipile-sandbox';
import { freePort } from './support/redis-server';
import { startService, type ServiceProcess } from './support/service-process';

jest.setTimeout(90_000);

const SANDBOX_KEY = 'e2e-admin-sandbox-key';
const ADMIN_EMAIL = 'ops@agency.example';
const ADMIN_PASSWORD = 'e2e admin password, long enough';

let infra: TestInfrastructure;
let database: Database;
let sandbox: Sandbox;
let control: SandboxControl;
let unipile: UnipileClient;
let matcher: ServiceProcess;
let gateway: ServiceProcess;
let api: string;
let token: string;

// Recovery runs in reply-matcher, called through the gateway: both as real processes, against a
// database of their own so that ADMIN_EMAIL really creates the first admin, and a sandbox with no
// webhooks at all, so that only the recovery jobs can find replies and acceptances.
beforeAll(async () => {
  infra = await createTestInfrastructure({ service: 'e2e', poolSize: 4, freshDatabase: 'e2e' });
  database = infra.database;
  sandbox = await startSandbox({ port: 0, apiKey: SANDBOX_KEY });
  infra.onClose(() => sandbox.close());
  control = new SandboxControl(sandbox.url, SANDBOX_KEY);
  unipile = createUnipileClient({ dsn: sandbox.url, apiKey: SANDBOX_KEY, timeoutMs: 5000 });

  const env = { ...infra.serviceEnv(), UNIPILE_DSN: sandbox.url, UNIPILE_API_KEY: SANDBOX_KEY, DATABASE_POOL_SIZE: '4' };
  // Scheduled polling a day apart: the backfill below must be what finds the reply.
  matcher = startService('reply-matcher', { ...env, REPLY_POLL_INTERVAL_SECONDS: '86400', REPLY_POLLER_SYNC_SECONDS: '86400' });
  const port = await freePort();
  gateway = startService('api-gateway', {
    ...env,
    API_PORT: String(port),
    JWT_SECRET: 'e2e-admin-jwt-secret-0123456789abcdef0123',
    UNSUBSCRIBE_SECRET: 'e2e-unsubscribe-secret-0123456789',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
  });
  api = `http://127.0.0.1:${port}`;
  await Promise.all([matcher.waitForOutput(/reply-matcher started/), gateway.waitForOutput(/api-gateway listening/)]);
  token = (await call('POST', '/api/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, false)).body.access_token;
});

afterAll(async () => {
  await Promise.all([matcher?.kill(), gateway?.kill()]);
  await infra?.close();
});

async function call(method: string, path: string, body?: unknown, authenticated = true): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(authenticated ? { authorization: `Bearer ${token}` } : {}),
  };
  const res = await fetch(`${api}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function sender() {
  const account = await control.createAccount({ name: 'Recovery Sender' });
  return {
    account,
    tenant: await insertTenant(database.db, { unipileAccountId: account.id, providerUserId: account.connection_params.im.id }),
  };
}
const newPerson = () => control.createPerson({ first_name: 'Robin', last_name: `Prospect ${Math.random().toString(36).slice(2, 8)}` });
const leadRow = async (id: string) => (await database.db.select().from(leads).where(eq(leads.id, id)))[0];
const eventsOf = (id: string) => database.db.select().from(events).where(eq(events.leadId, id));

describe('on-demand recovery through the API, run by reply-matcher', () => {
  it('records replies no webhook delivered, for one account and then for every account', async () => {
    const first = await sender();
    const second = await sender();
    const ana = await newPerson();
    const ben = await newPerson();
    const anaLead = await insertLead(database.db, first.tenant.campaign, { providerId: ana.provider_id, status: 'messaged' });
    const benLead = await insertLead(database.db, second.tenant.campaign, { providerId: ben.provider_id, status: 'messaged' });
    await control.reply(ana.provider_id, { account_id: first.account.id, text: 'Yes, tell me more' });
    await control.reply(ben.provider_id, { account_id: second.account.id, text: 'Call me' });

    const one = await call('POST', '/api/admin/backfill/replies', { linkedin_account_id: first.tenant.account.id, lookback_hours: 1 });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ accounts: 1, new_replies_recorded: 1, scanned: 1, unmatched: 0, failed: [] });
    expect(one.body.job_ids).toHaveLength(1);
    expect(await leadRow(anaLead.id)).toMatchObject({ status: 'responded' });
    expect((await eventsOf(anaLead.id)).find((e) => e.type === 'message_received')?.meta).toMatchObject({ detection: 'polling' });
    expect((await leadRow(benLead.id))?.status).toBe('messaged');

    const all = await call('POST', '/api/admin/backfill/replies', { lookback_hours: 1 });
    expect(all.status).toBe(200);
    // Ana's reply is known by now: only Ben's is new.
    expect(all.body).toMatchObject({ accounts: 2, new_replies_recorded: 1, scanned: 2 });
    expect(all.body.job_ids).toHaveLength(2);
    expect((await leadRow(benLead.id))?.status).toBe('responded');
  });

  it('connects the leads whose acceptance sent no webhook, within the campaign named, and samples the relations that are no lead', async () => {
    const { account, tenant } = await sender();
    const otherCampaign = await insertCampaign(database.db, tenant.client.id, tenant.account.id);
    const accepted = await newPerson();
    const stranger = await newPerson();
    await unipile.sendInvitation({ accountId: account.id, providerId: accepted.provider_id });
    await control.accept(accepted.provider_id, { account_id: account.id, notify: false });
    await control.connect({ account_id: account.id, provider_id: stranger.provider_id, notify: false });
    const lead = await insertLead(database.db, tenant.campaign, {
      providerId: accepted.provider_id,
      status: 'invite_sent',
      inviteSentAt: new Date(Date.now() - 60_000),
    });

    const elsewhere = await call('POST', '/api/admin/sync/connections', {
      linkedin_account_id: tenant.account.id,
      campaign_id: otherCampaign.id,
    });
    expect(elsewhere.body).toMatchObject({ matched: 0, scanned: 2 });
    expect((await leadRow(lead.id))?.status).toBe('invite_sent');

    const res = await call('POST', '/api/admin/sync/connections', {
      linkedin_account_id: tenant.account.id,
      campaign_id: tenant.campaign.id,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      matched: 1,
      already_connected: 0,
      scanned: 2,
      unmatched_sample: [{ member_id: stranger.provider_id, public_identifier: stranger.public_identifier.toLowerCase() }],
    });
    expect(await leadRow(lead.id)).toMatchObject({ status: 'connected' });
    const acceptances = (await eventsOf(lead.id)).filter((e) => e.type === 'connection_accepted');
    expect(acceptances).toHaveLength(1);
    expect(acceptances[0]?.meta).toMatchObject({ detection: 'relations_sync' });

    const again = await call('POST', '/api/admin/sync/connections', { linkedin_account_id: tenant.account.id });
    expect(again.body).toMatchObject({ matched: 0, already_connected: 1 });
  });

  it('answers 502 with the reason when Unipile refuses the account', async () => {
    const { account, tenant } = await sender();
    await control.setAccountStatus(account.id, 'CREDENTIALS');
    const res = await call('POST', '/api/admin/sync/connections', { linkedin_account_id: tenant.account.id });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/Unipile answered 401/);
    expect(res.body.error.details.job_id).toEqual(expect.any(String));
  });
});
