import { startGateway, type GatewayHarness } from './test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

/**
 * The operator's path, through the API only: a client, its LinkedIn account, a campaign, leads
 * imported from a CSV, then start, pause, resume and stop, with the status endpoint after each.
 */
describe('a campaign run entirely through the API', () => {
  it('is created, imported into, started, paused, resumed and stopped, and the status endpoint follows', async () => {
    const admin = await g.createUser('admin', null);
    const client = await g.call('POST', '/api/clients', { token: admin.token, body: { name: 'Lifecycle Ltd', timezone: 'Europe/London' } });
    const agentUser = await g.call('POST', '/api/users', {
      token: admin.token,
      body: {
        email: `agent-${client.body.id.slice(0, 8)}@lifecycle.example`,
        password: 'a long enough password',
        role: 'agent',
        client_id: client.body.id,
      },
    });
    expect(agentUser.status).toBe(201);
    const login = await g.call('POST', '/api/auth/login', { body: { email: agentUser.body.email, password: 'a long enough password' } });
    const token = login.body.access_token as string;

    // Registering by Unipile id is an admin's (agents connect through hosted auth).
    const account = await g.call('POST', '/api/linkedin-accounts', {
      token: admin.token,
      body: {
        client_id: client.body.id,
        unipile_account_id: `acc-${client.body.id}`,
        name: 'Sam Sender',
        min_action_spacing_seconds: 5,
        max_action_spacing_seconds: 5,
      },
    });
    expect(account.status).toBe(201);
    const campaign = await g.call('POST', '/api/campaigns', {
      token,
      body: {
        linkedin_account_id: account.body.id,
        name: 'Q1 outreach',
        custom_fields: ['industry'],
        steps: [
          { action: 'invite', template: 'Hi {{first_name}}, fellow {{industry|B2B}} person here.' },
          { action: 'message', template: 'Thanks for connecting, {{first_name}}!' },
        ],
      },
    });
    expect(campaign.status).toBe(201);
    const id = campaign.body.id as string;

    const csv = [
      'first_name,last_name,company,title,profile_url,industry',
      'Jonathan,Reyes,Acme,CTO,https://www.linkedin.com/in/jonathan-reyes-lc/?miniProfileUrn=x,SaaS',
      'Chris,Okafor,Globex,CEO,https://www.linkedin.com/in/chris-okafor-lc,Logistics',
      'Broken,Row,,,not a url,',
    ].join('\n');
    const imported = await g.call('POST', `/api/campaigns/${id}/leads/import`, { token, raw: csv });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 2, invalid: [{ line: 4 }] });
    expect((await g.call('POST', `/api/campaigns/${id}/leads/import`, { token, raw: csv })).body.created).toBe(0);

    const status = async () => (await g.call('GET', `/api/automation/campaigns/${id}/status`, { token })).body;
    expect(await status()).toMatchObject({ status: 'draft', total: 2, counts: { pending_invite: 2 }, next_actions: [] });

    expect((await g.call('POST', `/api/campaigns/${id}/start`, { token })).status).toBe(200);
    const started = await status();
    expect(started.status).toBe('active');
    expect(started.next_actions).toHaveLength(2);

    expect((await g.call('POST', `/api/campaigns/${id}/pause`, { token })).status).toBe(200);
    expect((await status()).status).toBe('paused');
    expect((await g.call('POST', `/api/campaigns/${id}/resume`, { token })).status).toBe(200);
    expect((await status()).status).toBe('active');
    expect((await g.call('POST', `/api/campaigns/${id}/stop`, { token })).status).toBe(200);
    expect((await status()).status).toBe('stopped');
    expect((await g.call('POST', `/api/campaigns/${id}/resume`, { token })).status).toBe(409);

    const listed = await g.call('GET', `/api/campaigns/${id}/leads`, { token });
    expect(listed.body.items.map((l: { profile_url: string }) => l.profile_url).sort()).toEqual([
      'https://www.linkedin.com/in/chris-okafor-lc',
      'https://www.linkedin.com/in/jonathan-reyes-lc',
    ]);
  });
});
