import { notificationSettings } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { insertClient } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

const path = (clientId: string) => `/api/clients/${clientId}/notification-settings`;

async function tenant() {
  const client = await insertClient(g.database.db, { notificationEmails: ['ops@acme.example'], reportEmails: ['boss@acme.example'] });
  return { client, agent: await g.createUser('agent', client.id), viewer: await g.createUser('viewer', client.id) };
}

describe('GET /api/clients/{id}/notification-settings', () => {
  it("answers the defaults, with the client's own addresses, before anything is saved", async () => {
    const { client, viewer } = await tenant();
    const res = await g.call('GET', path(client.id), { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      client_id: client.id,
      enabled: true,
      recipients: ['ops@acme.example'],
      recipients_source: 'client',
      digest_minutes: 0,
      slack_webhook_url: null,
      webhook: { url: null, events: [], secret_set: false },
      reports_enabled: true,
      report_recipients: ['boss@acme.example'],
      report_recipients_source: 'client',
      report_weekday: 1,
      report_hour: 8,
      platform: { notifications_enabled: true, weekly_reports_enabled: true },
      updated_at: null,
    });
  });

  it("answers 404 to another client's agent and viewer, and lets an admin see any client", async () => {
    const { client } = await tenant();
    const other = await tenant();
    expect((await g.call('GET', path(client.id), { token: other.agent.token })).status).toBe(404);
    expect((await g.call('GET', path(client.id), { token: other.viewer.token })).status).toBe(404);
    const admin = await g.createUser('admin', null);
    expect((await g.call('GET', path(client.id), { token: admin.token })).body.client_id).toBe(client.id);
  });
});

describe('PUT /api/clients/{id}/notification-settings', () => {
  it('replaces the settings, lower-casing and de-duplicating addresses', async () => {
    const { client, agent } = await tenant();
    const body = {
      enabled: false,
      recipients: ['Sales@Acme.example', 'sales@acme.example ', 'cto@acme.example'],
      digest_minutes: 15,
      reports_enabled: false,
      report_recipients: ['CEO@acme.example'],
      report_weekday: 5,
      report_hour: 17,
    };
    const res = await g.call('PUT', path(client.id), { token: agent.token, body });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      enabled: false,
      recipients: ['sales@acme.example', 'cto@acme.example'],
      recipients_source: 'settings',
      digest_minutes: 15,
      reports_enabled: false,
      report_recipients: ['ceo@acme.example'],
      report_recipients_source: 'settings',
      report_weekday: 5,
      report_hour: 17,
    });
    expect(res.body.updated_at).toEqual(expect.any(String));

    // Full replace: what the second PUT omits goes back to its default.
    const again = await g.call('PUT', path(client.id), { token: agent.token, body: { digest_minutes: 5 } });
    expect(again.body).toMatchObject({
      enabled: true,
      recipients: ['ops@acme.example'],
      recipients_source: 'client',
      digest_minutes: 5,
      report_weekday: 1,
      report_hour: 8,
    });
    expect((await g.call('GET', path(client.id), { token: agent.token })).body).toEqual({ ...again.body });
  });

  it("tells the client's fallback addresses from saved ones, so a GET sent back with [] keeps following the client", async () => {
    const { client, agent } = await tenant();
    const before = (await g.call('GET', path(client.id), { token: agent.token })).body;
    expect(before).toMatchObject({ recipients: ['ops@acme.example'], recipients_source: 'client', report_recipients_source: 'client' });

    const fallbacks = { recipients: before.recipients_source === 'client' ? [] : before.recipients, report_recipients: [] };
    expect((await g.call('PUT', path(client.id), { token: agent.token, body: { ...fallbacks, digest_minutes: 10 } })).status).toBe(200);
    const [stored] = await g.database.db.select().from(notificationSettings).where(eq(notificationSettings.clientId, client.id));
    expect(stored).toMatchObject({ recipients: [], reportRecipients: [], digestMinutes: 10 });

    // The client's addresses change later: the settings follow them.
    const admin = await g.createUser('admin', null);
    expect(
      (
        await g.call('PATCH', `/api/clients/${client.id}`, {
          token: admin.token,
          body: { notification_emails: ['Night-Shift@acme.example'] },
        })
      ).status,
    ).toBe(200);
    expect((await g.call('GET', path(client.id), { token: agent.token })).body).toMatchObject({
      recipients: ['night-shift@acme.example'],
      recipients_source: 'client',
    });
  });

  it('names every bad field in a 400 and stores nothing', async () => {
    const { client, agent } = await tenant();
    const res = await g.call('PUT', path(client.id), {
      token: agent.token,
      body: {
        recipients: ['not-an-email'],
        digest_minutes: 1441,
        slack_webhook_url: 'http://hooks.slack.com/services/T0/B0/x',
        webhook: { url: 'ftp://example.com', events: ['message_received', 'lead_deleted'] },
        report_weekday: 0,
        report_hour: 24,
        surprise: true,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining([
        'recipients.0',
        'digest_minutes',
        'slack_webhook_url',
        'webhook.url',
        'webhook.events.1',
        'report_weekday',
        'report_hour',
        'surprise',
      ]),
    );
    expect(await g.database.db.select().from(notificationSettings).where(eq(notificationSettings.clientId, client.id))).toHaveLength(0);
  });

  it('bounds recipients: at most 50 addresses of at most 320 characters, here and on the client', async () => {
    const { client, agent } = await tenant();
    const long = `${'a'.repeat(400)}@acme.example`;
    const many = Array.from({ length: 51 }, (_, i) => `ops${i}@acme.example`);
    const res = await g.call('PUT', path(client.id), { token: agent.token, body: { recipients: [long], report_recipients: many } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'recipients.0', message: 'must be at most 320 characters' }),
        expect.objectContaining({ path: 'report_recipients' }),
      ]),
    );
    const admin = await g.createUser('admin', null);
    const onClient = await g.call('PATCH', `/api/clients/${client.id}`, { token: admin.token, body: { notification_emails: [long] } });
    expect(onClient.status).toBe(400);
    expect(onClient.body.error.details).toEqual([
      expect.objectContaining({ path: 'notification_emails.0', message: 'must be at most 320 characters' }),
    ]);
  });

  it('refuses a secret rotation without a webhook URL', async () => {
    const { client, agent } = await tenant();
    const res = await g.call('PUT', path(client.id), { token: agent.token, body: { rotate_webhook_secret: true } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'rotate_webhook_secret' })]);
  });

  it('shows a new webhook secret once, keeps it on later saves, rotates it on request and drops it with the URL', async () => {
    const { client, agent } = await tenant();
    const webhook = { url: 'https://crm.acme.example/hooks', events: ['message_received', 'rate_limited', 'message_received'] };
    const first = await g.call('PUT', path(client.id), { token: agent.token, body: { webhook } });
    expect(first.body.webhook).toEqual({
      url: webhook.url,
      events: ['message_received', 'rate_limited'],
      secret_set: true,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const secret = first.body.webhook.secret as string;
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);

    const read = await g.call('GET', path(client.id), { token: agent.token });
    expect(read.body.webhook).toEqual({ url: webhook.url, events: ['message_received', 'rate_limited'], secret_set: true });
    expect(JSON.stringify(read.body)).not.toContain(secret.slice(6));

    const kept = await g.call('PUT', path(client.id), {
      token: agent.token,
      body: { webhook: { url: 'http://127.0.0.1:9999/hook', events: [] } },
    });
    expect(kept.body.webhook).toEqual({ url: 'http://127.0.0.1:9999/hook', events: [], secret_set: true });
    const stored = async () =>
      (await g.database.db.select().from(notificationSettings).where(eq(notificationSettings.clientId, client.id)))[0]?.webhookSecret;
    expect(await stored()).toBe(secret);

    const rotated = await g.call('PUT', path(client.id), { token: agent.token, body: { webhook, rotate_webhook_secret: true } });
    expect(rotated.body.webhook.secret).toMatch(/^whsec_/);
    expect(rotated.body.webhook.secret).not.toBe(secret);
    expect(await stored()).toBe(rotated.body.webhook.secret);

    const removed = await g.call('PUT', path(client.id), { token: agent.token, body: {} });
    expect(removed.body.webhook).toEqual({ url: null, events: [], secret_set: false });
    expect(await stored()).toBeNull();
  });

  it('masks the Slack URL, and keeps the stored one when the masked value comes back', async () => {
    const { client, agent } = await tenant();
    const slack = 'https://hooks.slack.com/services/T0001/B0001/abcdefghijklmnopqrstuvwx';
    const saved = await g.call('PUT', path(client.id), { token: agent.token, body: { slack_webhook_url: slack } });
    expect(saved.body.slack_webhook_url).toBe('https://hooks.slack.com/****uvwx');
    const roundTrip = await g.call('PUT', path(client.id), {
      token: agent.token,
      body: { slack_webhook_url: saved.body.slack_webhook_url, digest_minutes: 30 },
    });
    expect(roundTrip.status).toBe(200);
    const [row] = await g.database.db.select().from(notificationSettings).where(eq(notificationSettings.clientId, client.id));
    expect(row).toMatchObject({ slackWebhookUrl: slack, digestMinutes: 30 });
  });

  it.each([
    ['a trailing slash', 'https://hooks.slack.com/services/T0001/B0001/secretTOKENsecretTOKEN/', 'secretTOKEN'],
    ['the token mid-path', 'https://discord.com/api/webhooks/123456/secretTOKENsecretTOKEN/slack', 'secretTOKEN'],
    ['the token in the query', 'https://chat.example.com/hooks/in?token=secretTOKENsecretTOKEN&x=1', 'secretTOKEN'],
  ])('never shows the secret part of a Slack URL with %s', async (_label, slack, secret) => {
    const { client, agent } = await tenant();
    const saved = await g.call('PUT', path(client.id), { token: agent.token, body: { slack_webhook_url: slack } });
    expect(saved.status).toBe(200);
    expect(saved.body.slack_webhook_url).not.toContain(secret);
    const read = await g.call('GET', path(client.id), { token: agent.token });
    expect(read.body.slack_webhook_url).not.toContain(secret);
  });

  it('refuses a masked Slack URL that matches no stored URL, storing nothing', async () => {
    const { client, agent } = await tenant();
    const res = await g.call('PUT', path(client.id), {
      token: agent.token,
      body: { slack_webhook_url: 'https://hooks.slack.com/****uvwx' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['slack_webhook_url']);
    expect(await g.database.db.select().from(notificationSettings).where(eq(notificationSettings.clientId, client.id))).toEqual([]);
  });

  it("refuses viewers (403) and another client's agent (404), changing nothing", async () => {
    const { client, viewer } = await tenant();
    const other = await tenant();
    expect((await g.call('PUT', path(client.id), { token: viewer.token, body: { enabled: false } })).status).toBe(403);
    expect((await g.call('PUT', path(client.id), { token: other.agent.token, body: { enabled: false } })).status).toBe(404);
    expect(await g.database.db.select().from(notificationSettings).where(eq(notificationSettings.clientId, client.id))).toHaveLength(0);
  });
});
