import { randomUUID } from 'node:crypto';
import { events, type EventMeta } from '@outreach/db';
import { Webhook } from 'standardwebhooks';
import { insertNotifiedTenant, notificationsOf, startNotifierHarness, type NotifierHarness } from '../test-support/harness';
import { processNotifyEvent } from './notify-event';

let h: NotifierHarness;
beforeAll(async () => {
  h = await startNotifierHarness();
});
afterAll(async () => {
  await h.close();
});

type EventType = (typeof events.$inferInsert)['type'];

async function eventOf(
  t: Awaited<ReturnType<typeof insertNotifiedTenant>>,
  type: EventType,
  meta: EventMeta = {},
  withLead = true,
): Promise<number> {
  const [row] = await h.database.db
    .insert(events)
    .values({
      clientId: t.client.id,
      campaignId: withLead ? t.campaign.id : null,
      leadId: withLead ? t.lead.id : null,
      linkedinAccountId: t.account.id,
      type,
      occurredAt: new Date(),
      meta,
    })
    .returning({ id: events.id });
  return row!.id;
}

function hooks(webhookEvents: string[]) {
  const slackPath = `/slack/${randomUUID()}`;
  const hookPath = `/hook/${randomUUID()}`;
  const secret = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
  return {
    slackPath,
    hookPath,
    secret,
    settings: {
      slackWebhookUrl: `${h.hooks.url}${slackPath}`,
      webhookUrl: `${h.hooks.url}${hookPath}`,
      webhookSecret: secret,
      webhookEvents,
    },
  };
}

describe('connection_accepted', () => {
  it('goes to Slack and to a subscribed webhook, signed, and sends no email', async () => {
    const s = hooks(['connection_accepted']);
    const t = await insertNotifiedTenant(h.database.db, s.settings);
    const eventId = await eventOf(t, 'connection_accepted', { detection: 'webhook' });
    const before = h.resend.received().length;

    await expect(processNotifyEvent(h.deps, { eventId, clientId: t.client.id })).resolves.toEqual({
      outcome: 'notified',
      channels: { slack: 'sent', webhook: 'sent' },
    });
    const slack = JSON.parse(h.hooks.received(s.slackPath)[0]?.body ?? '{}') as { text: string };
    expect(slack.text).toBe(
      ':handshake: *<https://www.linkedin.com/in/ana-silva/|Ana Silva>* accepted the connection request (campaign Q3 founders, account Sam Sender)',
    );
    const [hook] = h.hooks.received(s.hookPath);
    expect(new Webhook(s.secret).verify(hook!.body, hook!.headers as Record<string, string>)).toMatchObject({
      type: 'connection_accepted',
      data: { event_id: eventId, lead: { id: t.lead.id, profile_url: 'https://www.linkedin.com/in/ana-silva/' }, detection: 'webhook' },
    });
    expect(h.resend.received().length).toBe(before);
    expect((await notificationsOf(h.database.db, eventId)).map((n) => n.channel).sort()).toEqual(['slack', 'webhook']);
  });

  it('is not posted to a webhook subscribed to other events', async () => {
    const s = hooks(['message_received']);
    const t = await insertNotifiedTenant(h.database.db, s.settings);
    const eventId = await eventOf(t, 'connection_accepted');
    await expect(processNotifyEvent(h.deps, { eventId, clientId: t.client.id })).resolves.toEqual({
      outcome: 'notified',
      channels: { slack: 'sent' },
    });
    expect(h.hooks.received(s.hookPath)).toHaveLength(0);
  });

  it('posts once when the job runs twice', async () => {
    const s = hooks(['connection_accepted']);
    const t = await insertNotifiedTenant(h.database.db, s.settings);
    const eventId = await eventOf(t, 'connection_accepted');
    await processNotifyEvent(h.deps, { eventId, clientId: t.client.id });
    await expect(processNotifyEvent(h.deps, { eventId, clientId: t.client.id })).resolves.toEqual({
      outcome: 'notified',
      channels: { slack: 'unchanged', webhook: 'unchanged' },
    });
    expect(h.hooks.received(s.slackPath)).toHaveLength(1);
    expect(h.hooks.received(s.hookPath)).toHaveLength(1);
  });
});

describe('account_status_changed and rate_limited', () => {
  it('tell Slack and the webhook which account and what changed', async () => {
    const s = hooks(['account_status_changed', 'rate_limited']);
    const t = await insertNotifiedTenant(h.database.db, s.settings);
    const status = await eventOf(t, 'account_status_changed', { from: 'OK', to: 'CREDENTIALS', detection: 'webhook' }, false);
    const limited = await eventOf(t, 'rate_limited', { action: 'invite', reason: 'daily invite cap', nested: { secret: 'x' } }, false);
    await processNotifyEvent(h.deps, { eventId: status, clientId: t.client.id });
    await processNotifyEvent(h.deps, { eventId: limited, clientId: t.client.id });

    const texts = h.hooks.received(s.slackPath).map((r) => (JSON.parse(r.body) as { text: string }).text);
    expect(texts[0]).toBe(':warning: LinkedIn account *Sam Sender* is now *CREDENTIALS* (was OK)');
    expect(texts[1]).toContain('*Sam Sender* hit a limit daily invite cap');
    const bodies = h.hooks.received(s.hookPath).map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
    expect(bodies[0]).toMatchObject({
      type: 'account_status_changed',
      data: { from: 'OK', to: 'CREDENTIALS', linkedin_account: { id: t.account.id, name: 'Sam Sender' }, lead: null },
    });
    expect(bodies[1]).toMatchObject({ type: 'rate_limited', data: { details: { action: 'invite', reason: 'daily invite cap' } } });
    expect(JSON.stringify(bodies[1])).not.toContain('secret');
  });
});

describe('events the notifier does not post', () => {
  it('completes without sending for other types and for another client', async () => {
    const s = hooks(['connection_accepted']);
    const t = await insertNotifiedTenant(h.database.db, s.settings);
    const sent = await eventOf(t, 'message_sent');
    await expect(processNotifyEvent(h.deps, { eventId: sent, clientId: t.client.id })).resolves.toEqual({ outcome: 'not_notifiable' });
    const accepted = await eventOf(t, 'connection_accepted');
    const other = await insertNotifiedTenant(h.database.db);
    await expect(processNotifyEvent(h.deps, { eventId: accepted, clientId: other.client.id })).resolves.toEqual({
      outcome: 'event_not_found',
    });
    expect(h.hooks.received(s.slackPath)).toHaveLength(0);
  });

  it('records skipped notifications when the client switched them off', async () => {
    const s = hooks(['connection_accepted']);
    const t = await insertNotifiedTenant(h.database.db, { ...s.settings, enabled: false });
    const eventId = await eventOf(t, 'connection_accepted');
    await expect(processNotifyEvent(h.deps, { eventId, clientId: t.client.id })).resolves.toEqual({
      outcome: 'notified',
      channels: { slack: 'skipped', webhook: 'skipped' },
    });
    expect(h.hooks.received(s.slackPath)).toHaveLength(0);
  });
});
