import { insertCampaign } from '@outreach/testing';
import { csv, leadTenant, storedLeads, type LeadTenant } from '../../test-support/leads';
import { startGateway, type GatewayHarness } from '../../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

const importCsv = (t: { campaign: { id: string } }, token: string, body: string, query = '') =>
  g.call('POST', `/api/campaigns/${t.campaign.id}/leads/import${query}`, { token, raw: body, contentType: 'text/csv' });

describe('POST /api/campaigns/:id/leads/import (CSV)', () => {
  let t: LeadTenant;
  beforeEach(async () => {
    t = await leadTenant(g);
  });

  it('imports the good rows and reports each bad one with its line and reason', async () => {
    const file = csv(
      [
        'Ana,Silva,Acme,CTO,https://www.linkedin.com/in/ana-silva,Logistics',
        'Bo,,Acme,,https://www.linkedin.com/in/bo-li,',
        'Cy,Ng,,,https://example.com/in/cy,',
        'Di,Ro,Acme',
        'Ed,Wu,Beta,VP,linkedin.com/in/ed-wu,Retail',
      ],
      ['industry'],
    );
    const res = await importCsv(t, t.agent.token, file);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      created: 2,
      duplicates_in_campaign: 0,
      duplicates_in_other_campaigns: { count: 0, items: [] },
      invalid: [
        { line: 3, reason: 'last_name is missing' },
        { line: 4, reason: 'profile_url "https://example.com/in/cy" is not a LinkedIn profile URL (https://www.linkedin.com/in/…)' },
        { line: 5, reason: 'has 3 fields, the header has 6' },
      ],
      blocked_cross_campaign: 0,
    });
    const stored = await storedLeads(g, t.campaign.id);
    expect(stored.map((l) => [l.publicIdentifier, l.status, l.customFields, l.clientId])).toEqual([
      ['ana-silva', 'pending_invite', { industry: 'Logistics' }, t.client.id],
      ['ed-wu', 'pending_invite', { industry: 'Retail' }, t.client.id],
    ]);
    // The campaign is active: new leads are due at once.
    expect(stored.every((l) => l.nextActionAt !== null && l.nextActionAt.getTime() <= Date.now())).toBe(true);
  });

  it('creates nothing when the same file is imported twice', async () => {
    const file = csv(['Ana,Silva,,,linkedin.com/in/ana', 'Bo,Li,,,linkedin.com/in/bo', 'Cy,Ng,,,linkedin.com/in/cy']);
    expect((await importCsv(t, t.agent.token, file)).body.created).toBe(3);
    const again = await importCsv(t, t.agent.token, file);
    expect(again.body).toMatchObject({ created: 0, duplicates_in_campaign: 3, invalid: [] });
    expect(await storedLeads(g, t.campaign.id)).toHaveLength(3);
  });

  it('imports a file of 10,000 rows (several insert batches) completely, and nothing of it again', async () => {
    const file = csv(Array.from({ length: 10_000 }, (_, i) => `P${i},L${i},,,linkedin.com/in/bulk-${i}`));
    expect((await importCsv(t, t.agent.token, file)).body).toMatchObject({ created: 10_000, invalid: [] });
    expect((await importCsv(t, t.agent.token, file)).body).toMatchObject({ created: 0, duplicates_in_campaign: 10_000 });
    // Two full imports of 10,000 rows: room for a busy 2-core machine, not a speed target (bench/ measures that).
  }, 120_000);

  it('imports a person listed twice in one upload once and reports the repeat', async () => {
    const file = csv([
      'Ana,Silva,,,https://www.linkedin.com/in/ana-silva',
      'Ana,Silva,,,https://linkedin.com/in/Ana-Silva/?trk=x',
      'Bo,Li,,,linkedin.com/in/bo',
    ]);
    const res = await importCsv(t, t.agent.token, file);
    expect(res.body).toMatchObject({ created: 2, invalid: [{ line: 3, reason: 'duplicate of line 2 in this upload' }] });
  });

  it('strips the query string of a LinkedIn URL before storing and matching it', async () => {
    const res = await importCsv(
      t,
      t.agent.token,
      csv(['Ana,Silva,,,https://www.linkedin.com/in/Irish-Maguad/?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACoAAB']),
    );
    expect(res.body.created).toBe(1);
    const [lead] = await storedLeads(g, t.campaign.id);
    expect(lead).toMatchObject({ profileUrl: 'https://www.linkedin.com/in/irish-maguad', publicIdentifier: 'irish-maguad' });
  });

  it('reports people already in another campaign of the client and creates them only when allowed', async () => {
    const other = await insertCampaign(g.database.db, t.client.id, t.account.id, { name: 'Earlier campaign' });
    await g.call('POST', `/api/campaigns/${other.id}/leads/import`, {
      token: t.agent.token,
      raw: csv(['Ana,Silva,,,linkedin.com/in/ana']),
    });
    const file = csv(['Ana,Silva,,,linkedin.com/in/ana?x=1', 'Bo,Li,,,linkedin.com/in/bo']);

    const blocked = await importCsv(t, t.agent.token, file);
    expect(blocked.body).toMatchObject({
      created: 1,
      duplicates_in_other_campaigns: { count: 1, items: [{ line: 2, public_identifier: 'ana', campaign_id: other.id }] },
      blocked_cross_campaign: 1,
    });
    expect((await storedLeads(g, t.campaign.id)).map((l) => l.publicIdentifier)).toEqual(['bo']);

    const allowed = await importCsv(t, t.agent.token, file, '?allow_cross_campaign=true');
    expect(allowed.body).toMatchObject({
      created: 1,
      duplicates_in_campaign: 1,
      duplicates_in_other_campaigns: { count: 1 },
      blocked_cross_campaign: 0,
    });
    expect((await storedLeads(g, t.campaign.id)).map((l) => l.publicIdentifier).sort()).toEqual(['ana', 'bo']);
  });

  it('never sees leads of another client as duplicates', async () => {
    const strangerTenant = await leadTenant(g);
    await importCsv(strangerTenant, strangerTenant.agent.token, csv(['Ana,Silva,,,linkedin.com/in/ana']));
    const res = await importCsv(t, t.agent.token, csv(['Ana,Silva,,,linkedin.com/in/ana']));
    expect(res.body).toMatchObject({ created: 1, duplicates_in_other_campaigns: { count: 0 } });
  });

  it('leaves leads of a draft campaign unscheduled', async () => {
    const draft = await insertCampaign(g.database.db, t.client.id, t.account.id, { status: 'draft' });
    await importCsv({ campaign: draft }, t.agent.token, csv(['Ana,Silva,,,linkedin.com/in/ana']));
    const [lead] = await storedLeads(g, draft.id);
    expect(lead).toMatchObject({ status: 'pending_invite', nextActionAt: null });
  });

  it('answers 400 for a body that is not CSV, a header without identifiers and a bad query', async () => {
    const asJson = await g.call('POST', `/api/campaigns/${t.campaign.id}/leads/import`, {
      token: t.agent.token,
      body: [{ first_name: 'A' }],
    });
    expect(asJson.status).toBe(400);
    expect(asJson.body.error.details).toEqual([{ location: 'header', path: 'content-type', message: 'must be text/csv' }]);
    const noIds = await importCsv(t, t.agent.token, 'first_name,last_name\nAna,Silva');
    expect(noIds.status).toBe(400);
    expect(noIds.body.error.message).toContain('profile_url or a public_identifier');
    const badQuery = await importCsv(t, t.agent.token, csv(['Ana,Silva,,,linkedin.com/in/ana']), '?allow_cross_campaign=yes&force=1');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['allow_cross_campaign', 'force']);
    expect(await storedLeads(g, t.campaign.id)).toHaveLength(0);
  });

  it('refuses viewers (403) and answers 404 to another client, creating nothing', async () => {
    const file = csv(['Ana,Silva,,,linkedin.com/in/ana']);
    expect((await importCsv(t, t.viewer.token, file)).status).toBe(403);
    expect((await importCsv(t, t.stranger.token, file)).status).toBe(404);
    expect((await g.call('POST', `/api/campaigns/${t.campaign.id}/leads/import`, { raw: file })).status).toBe(401);
    expect(await storedLeads(g, t.campaign.id)).toHaveLength(0);
    const admin = await g.createUser('admin', null);
    expect((await importCsv(t, admin.token, file)).body.created).toBe(1);
  });
});

describe('POST /api/campaigns/:id/leads (JSON)', () => {
  let t: LeadTenant;
  beforeEach(async () => {
    t = await leadTenant(g);
  });
  const post = (token: string, body: unknown, campaignId = t.campaign.id) =>
    g.call('POST', `/api/campaigns/${campaignId}/leads`, { token, body });

  it('creates leads with custom fields and reports invalid items by array index', async () => {
    const res = await post(t.agent.token, [
      {
        first_name: 'Ana',
        last_name: 'Silva',
        company: 'Acme',
        profile_url: 'https://www.linkedin.com/in/ana/?utm_source=x',
        custom_fields: { industry: 'Logistics', seats: 40 },
      },
      { first_name: 'Bo', last_name: 'Li', profile_url: 'https://twitter.com/bo' },
      { first_name: 'Cy', last_name: 'Ng', public_identifier: 'ACoAABlSwsQBSS9qx1bxMMujZNrgfE7dCmZLGMo' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, invalid: [{ line: 1, reason: expect.stringContaining('not a LinkedIn profile URL') }] });
    const stored = await storedLeads(g, t.campaign.id);
    expect(stored.map((l) => [l.publicIdentifier, l.providerId, l.customFields])).toEqual(
      expect.arrayContaining([
        ['ana', null, { industry: 'Logistics', seats: '40' }],
        [null, 'ACoAABlSwsQBSS9qx1bxMMujZNrgfE7dCmZLGMo', {}],
      ]),
    );
  });

  it('answers 400 naming each bad field: unknown fields, missing identifiers, bad custom field names', async () => {
    const res = await post(t.agent.token, [
      { first_name: 'Ana', last_name: 'Silva', public_identifier: 'ana', status: 'responded', client_id: t.client.id },
      { first_name: 'Bo', last_name: 'Li' },
      { first_name: 'Cy', last_name: 'Ng', public_identifier: 'cy', custom_fields: { 'Bad Name': 'x', full_name: 'y' } },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['0.status', '0.client_id', '1.profile_url', '2.custom_fields.Bad Name', '2.custom_fields.full_name']),
    );
    expect(await storedLeads(g, t.campaign.id)).toHaveLength(0);
  });

  it('refuses more than 10,000 leads in one request', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ first_name: 'A', last_name: 'B', public_identifier: `p${i}` }));
    const res = await post(t.agent.token, many);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ location: 'body', message: expect.stringContaining('10000') });
    expect(await storedLeads(g, t.campaign.id)).toHaveLength(0);
  });

  it('refuses viewers (403), answers 404 to another client and for an unknown campaign', async () => {
    const lead = [{ first_name: 'Ana', last_name: 'Silva', public_identifier: 'ana' }];
    expect((await post(t.viewer.token, lead)).status).toBe(403);
    expect((await post(t.stranger.token, lead)).status).toBe(404);
    expect((await post(t.agent.token, lead, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await post(t.agent.token, lead, 'nope')).status).toBe(400);
    expect(await storedLeads(g, t.campaign.id)).toHaveLength(0);
  });
});
