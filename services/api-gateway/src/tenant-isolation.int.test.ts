import { apiKeys, campaigns, clients, leads, linkedinAccounts } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { insertAccount, insertCampaign, insertClient, insertConversation, insertLead } from '@outreach/testing';
import { startGateway, type GatewayHarness } from './test-support/harness';

/**
 * The tenant-isolation matrix: every documented route that takes an id, called by users of another
 * client, must answer 404 (or 403 where the route is admin-only) and change nothing; viewers can
 * write nothing; agents reach no admin route.
 */
let g: GatewayHarness;
let routes: Array<{ method: string; path: string }>;

beforeAll(async () => {
  g = await startGateway();
  const doc = (await g.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
});
afterAll(async () => {
  await g.close();
});

const ADMIN_ONLY = [
  /^\/api\/clients(\/\{id\})?$/,
  /^\/api\/users/,
  /^\/api\/admin\//,
  /^\/api\/automation\/scheduler\/(start|stop)$/,
  /^\/api\/auth\/admin-session$/,
];
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'POST /api/auth/login',
  'POST /api/linkedin-accounts/connect/callback',
  'DELETE /api/auth/admin-session',
  'GET /api/unsubscribe',
  'POST /api/unsubscribe',
]);
const isPublic = (r: { method: string; path: string }) => PUBLIC.has(`${r.method} ${r.path}`);
const isAdminOnly = (r: { method: string; path: string }) => !isPublic(r) && ADMIN_ONLY.some((re) => re.test(r.path));
/**
 * Calls that change only the caller's own state, open to viewers: ending one's sessions, one's
 * read marks in the inbox, a ticket for one's own live stream.
 */
const SELF_SERVICE = new Set([
  'POST /api/auth/logout',
  'POST /api/inbox/conversations/{id}/read',
  'POST /api/inbox/conversations/{id}/unread',
  'POST /api/inbox/stream-ticket',
]);
/** Reads that still need write access: API keys are credentials, not data a viewer may see. */
const needsWrite = (r: { method: string; path: string }) =>
  (r.method !== 'GET' && !SELF_SERVICE.has(`${r.method} ${r.path}`)) || r.path === '/api/clients/{id}/api-keys';

async function tenantA() {
  const client = await insertClient(g.database.db);
  const account = await insertAccount(g.database.db, client.id);
  const campaign = await insertCampaign(g.database.db, client.id, account.id, { status: 'draft' });
  const lead = await insertLead(g.database.db, campaign, { status: 'pending_invite', publicIdentifier: `lead-${client.id.slice(0, 8)}` });
  const agent = await g.createUser('agent', client.id);
  const key = await g.call('POST', `/api/clients/${client.id}/api-keys`, { token: agent.token, body: { name: 'integration' } });
  const conversation = await insertConversation(g.database.db, account, { leadId: lead.id, campaignId: campaign.id });
  return { client, account, campaign, lead, agent, keyId: key.body.id as string, conversationId: conversation.id };
}

function idFor(path: string, a: Awaited<ReturnType<typeof tenantA>>): string {
  if (path.startsWith('/api/clients/') || path.startsWith('/api/analytics/clients/')) return a.client.id;
  if (path.startsWith('/api/analytics/accounts/')) return a.account.id;
  if (path.startsWith('/api/analytics/campaigns/')) return a.campaign.id;
  if (path.startsWith('/api/inbox/conversations/')) return a.conversationId;
  if (path.startsWith('/api/users/')) return a.agent.id;
  if (path.startsWith('/api/api-keys/')) return a.keyId;
  if (path.startsWith('/api/linkedin-accounts/')) return a.account.id;
  if (path.startsWith('/api/campaigns/') || path.startsWith('/api/automation/campaigns/')) return a.campaign.id;
  if (path.startsWith('/api/leads/')) return a.lead.id;
  return 'webhook-id';
}

/** A body valid enough to reach the handler, so the answer is about ownership, not shape. */
function bodyFor(
  method: string,
  path: string,
  assignee?: string,
  leadId?: string,
): { body?: unknown; raw?: string; headers?: Record<string, string> } {
  if (path.endsWith('/assign')) return { body: { user_id: assignee ?? '00000000-0000-4000-8000-000000000000' } };
  if (path.endsWith('/status') && path.startsWith('/api/inbox/')) return { body: { status: 'closed' } };
  if (path.endsWith('/labels')) return { body: { labels: ['stolen'] } };
  if (method === 'POST' && path.endsWith('/preview'))
    return { body: { template: 'Hi {{first_name}}', lead_id: leadId ?? '00000000-0000-4000-8000-000000000000' } };
  if (path.endsWith('/reply'))
    return { body: { text: 'Hello from another tenant' }, headers: { 'Idempotency-Key': 'tenant-isolation-probe' } };
  if (path.endsWith('/leads/import')) return { raw: 'first_name,last_name,public_identifier\nEve,Intruder,eve-intruder\n' };
  if (path.endsWith('/leads') && method === 'POST')
    return { body: [{ first_name: 'Eve', last_name: 'Intruder', public_identifier: 'eve-intruder' }] };
  if (path.endsWith('/api-keys') && method === 'POST') return { body: { name: 'stolen' } };
  // PUT bodies are full replacements whose omitted fields default, so an empty one is valid.
  if (method === 'PATCH' || method === 'PUT') return { body: {} };
  return {};
}

/**
 * A fingerprint of every row tenant A owns, in every table with a `client_id` (and its `clients` row):
 * equal before and after means the outsiders changed nothing, whatever table a route writes to.
 */
async function fingerprint(clientId: string): Promise<Record<string, string>> {
  const tables = await g.database.sql<Array<{ table_name: string }>>`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'client_id' order by table_name`;
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = await g.database.sql<Array<{ n: number; digest: string | null }>>`
      select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as digest from ${g.database.sql(table_name)} t where client_id = ${clientId}`;
    out[table_name] = `${row!.n}:${row!.digest ?? ''}`;
  }
  const [client] = await g.database.sql<Array<{ digest: string }>>`select md5(c::text) as digest from clients c where id = ${clientId}`;
  out.clients = client!.digest;
  return out;
}

describe('tenant isolation matrix', () => {
  it('answers 404 (403 on admin routes) to every route with an id when called by another client, and changes nothing', async () => {
    const a = await tenantA();
    const otherClient = await insertClient(g.database.db);
    const otherAgent = await g.createUser('agent', otherClient.id);
    const otherKey = await g.call('POST', `/api/clients/${otherClient.id}/api-keys`, {
      token: otherAgent.token,
      body: { name: 'outsider' },
    });
    expect(otherKey.status).toBe(201);
    const outsiders: Array<{ name: string; auth: { token?: string; apiKey?: string }; canWrite: boolean }> = [
      { name: 'agent', auth: { token: otherAgent.token }, canWrite: true },
      { name: 'viewer', auth: { token: (await g.createUser('viewer', otherClient.id)).token }, canWrite: false },
      { name: 'api key', auth: { apiKey: otherKey.body.key as string }, canWrite: true },
    ];
    const withId = routes.filter((r) => r.path.includes('{id}'));
    expect(withId.length).toBeGreaterThan(20);
    const before = await fingerprint(a.client.id);

    const wrong: string[] = [];
    for (const outsider of outsiders) {
      for (const r of withId) {
        const res = await g.call(r.method, r.path.replace('{id}', idFor(r.path, a)), {
          ...outsider.auth,
          ...bodyFor(r.method, r.path, undefined, a.lead.id),
        });
        // API keys cannot manage API keys: a role answer (403) that says nothing about the id.
        const refusedByRole =
          isAdminOnly(r) || (needsWrite(r) && !outsider.canWrite) || (outsider.auth.apiKey !== undefined && r.path.includes('api-keys'));
        // Read marks belong to a user: an API key has none, whichever conversation it names (400, no oracle).
        const userOnly = outsider.auth.apiKey !== undefined && /\/(read|unread)$/.test(r.path);
        const expected = refusedByRole ? 403 : userOnly ? 400 : 404;
        if (res.status !== expected) wrong.push(`${r.method} ${r.path} as ${outsider.name}: ${res.status}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint(a.client.id)).toEqual(before);

    const [campaign] = await g.database.db.select().from(campaigns).where(eq(campaigns.id, a.campaign.id));
    expect(campaign?.status).toBe('draft');
    expect(await g.database.db.select().from(leads).where(eq(leads.campaignId, a.campaign.id))).toHaveLength(1);
    const [lead] = await g.database.db.select().from(leads).where(eq(leads.id, a.lead.id));
    expect(lead).toMatchObject({ status: 'pending_invite', firstName: a.lead.firstName });
    expect((await g.database.db.select().from(linkedinAccounts).where(eq(linkedinAccounts.id, a.account.id)))[0]?.name).toBe(
      a.account.name,
    );
    expect((await g.database.db.select().from(apiKeys).where(eq(apiKeys.id, a.keyId)))[0]?.revokedAt).toBeNull();
    expect(await g.database.db.select().from(clients).where(eq(clients.id, a.client.id))).toHaveLength(1);
  });

  it('answers the owner of the same ids with something other than 404 (the ids were right)', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => x.path.includes('{id}') && !isAdminOnly(x) && !isPublic(x))) {
      // A tenant of its own per route: the owner's calls may delete or revoke what they name.
      const a = await tenantA();
      const res = await g.call(r.method, r.path.replace('{id}', idFor(r.path, a)), {
        token: a.agent.token,
        ...bodyFor(r.method, r.path, a.agent.id, a.lead.id),
      });
      if (res.status === 404 || res.status >= 500)
        wrong.push(`${r.method} ${r.path}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('lets a viewer change nothing anywhere', async () => {
    const a = await tenantA();
    const viewer = await g.createUser('viewer', a.client.id);
    const writes = routes.filter((r) => needsWrite(r) && !isPublic(r));
    const wrong: string[] = [];
    for (const r of writes) {
      const res = await g.call(r.method, r.path.replace('{id}', idFor(r.path, a)), { token: viewer.token, ...bodyFor(r.method, r.path) });
      if (res.status !== 403) wrong.push(`${r.method} ${r.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps agents out of every admin route', async () => {
    const a = await tenantA();
    const wrong: string[] = [];
    for (const r of routes.filter(isAdminOnly)) {
      const res = await g.call(r.method, r.path.replace('{id}', idFor(r.path, a)), {
        token: a.agent.token,
        ...bodyFor(r.method, r.path, a.agent.id),
      });
      if (res.status !== 403) wrong.push(`${r.method} ${r.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
