import { randomUUID } from 'node:crypto';
import { emails } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { ChannelError } from '../channels/http';
import {
  APP_BASE_URL,
  insertNotifiedTenant,
  insertReplyEvent,
  notificationsOf,
  startNotifierHarness,
  type NotifierHarness,
} from '../test-support/harness';
import { processNotifyReply } from './notify-reply';

let h: NotifierHarness;
beforeAll(async () => {
  h = await startNotifierHarness();
});
afterAll(async () => {
  await h.close();
});

const sentFor = (eventId: number) => h.resend.received().filter((r) => r.idempotencyKey === `reply:${eventId}`);
const byChannel = async (eventId: number) => Object.fromEntries((await notificationsOf(h.database.db, eventId)).map((n) => [n.channel, n]));
const emailRow = async (eventId: number) =>
  (
    await h.database.db
      .select()
      .from(emails)
      .where(eq(emails.dedupeKey, `reply:${eventId}`))
  )[0];

async function reply(text = 'Thanks, interested!', settings: Parameters<typeof insertNotifiedTenant>[1] = null, recipients?: string[]) {
  const t = await insertNotifiedTenant(h.database.db, settings, recipients);
  const eventId = await insertReplyEvent(h.database.db, t.lead, t.account.id, text);
  return { ...t, eventId, payload: { eventId, leadId: t.lead.id, clientId: t.client.id } };
}

describe('a reply with the default settings', () => {
  it('sends exactly one email to the client notification emails, with the lead, campaign, profile and conversation', async () => {
    const r = await reply();
    const result = await processNotifyReply(h.deps, r.payload);

    expect(result).toEqual({ outcome: 'notified', channels: { email: 'sent' } });
    const [sent, ...more] = sentFor(r.eventId);
    expect(more).toHaveLength(0);
    expect(sent).toMatchObject({
      to: ['ops@acme.test'],
      subject: 'Ana Silva replied · Q3 founders',
      from: 'Outreach <notifications@outreach.test>',
    });
    expect(sent?.html).toContain(`${APP_BASE_URL}/leads/${r.lead.id}/conversation`);
    expect(sent?.html).toContain('https://www.linkedin.com/in/ana-silva/');
    expect(sent?.text).toContain('> Thanks, interested!');
    const email = await emailRow(r.eventId);
    expect(email).toMatchObject({
      status: 'sent',
      kind: 'reply_notification',
      transport: 'resend',
      providerMessageId: sent?.id,
      clientId: r.client.id,
    });
    expect((await byChannel(r.eventId)).email).toMatchObject({
      status: 'sent',
      emailId: email?.id,
      dedupeKey: `email:event:${r.eventId}`,
      kind: 'message_received',
    });
  });

  it('delivers a reply containing <script> as text', async () => {
    const r = await reply('<script>alert("pwned")</script> see you');
    await processNotifyReply(h.deps, r.payload);
    const [sent] = sentFor(r.eventId);
    expect(sent?.html).not.toContain('<script>');
    expect(sent?.html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; see you');
    expect(sent?.text).toContain('<script>alert("pwned")</script> see you');
  });

  it('sends one email when the same job is processed twice, one after the other or at once', async () => {
    const r = await reply();
    await processNotifyReply(h.deps, r.payload);
    const again = await processNotifyReply(h.deps, r.payload);
    expect(again).toEqual({ outcome: 'notified', channels: { email: 'unchanged' } });

    const s = await reply();
    await Promise.all([
      processNotifyReply(h.deps, s.payload),
      processNotifyReply(h.deps, s.payload),
      processNotifyReply(h.deps, s.payload),
    ]);
    expect(sentFor(r.eventId)).toHaveLength(1);
    expect(sentFor(s.eventId)).toHaveLength(1);
    expect(await notificationsOf(h.database.db, s.eventId)).toHaveLength(1);
  });

  it('uses the recipients of the settings over the client notification emails', async () => {
    const r = await reply('hi', { recipients: ['sales@acme.test', 'ceo@acme.test'] });
    await processNotifyReply(h.deps, r.payload);
    expect(sentFor(r.eventId)[0]?.to).toEqual(['sales@acme.test', 'ceo@acme.test']);
  });
});

describe.each([
  [429, 'rate_limit_exceeded'],
  [500, 'internal_server_error'],
])('when Resend answers %i', (status, name) => {
  it('throws so the job is retried, and the retry sends the email once', async () => {
    const r = await reply();
    h.resend.failNext(status, { name, message: 'slow down' });
    await expect(processNotifyReply(h.deps, r.payload)).rejects.toMatchObject({ retryable: true, status });
    expect((await byChannel(r.eventId)).email).toMatchObject({ status: 'pending', attempts: 1, errorCode: name });

    await expect(processNotifyReply(h.deps, r.payload)).resolves.toMatchObject({ channels: { email: 'sent' } });
    expect(sentFor(r.eventId)).toHaveLength(1);
    expect((await byChannel(r.eventId)).email).toMatchObject({ status: 'sent', errorCode: null });
  });
});

describe('when Resend answers 422', () => {
  it('records the email and the notification as failed with the reason, and completes', async () => {
    const r = await reply();
    h.resend.failNext(422, { name: 'validation_error', message: 'Invalid `to` field.' });
    await expect(processNotifyReply(h.deps, r.payload)).resolves.toEqual({ outcome: 'notified', channels: { email: 'failed' } });
    expect(await emailRow(r.eventId)).toMatchObject({
      status: 'failed',
      errorCode: 'validation_error',
      errorMessage: 'Invalid `to` field.',
    });
    expect((await byChannel(r.eventId)).email).toMatchObject({
      status: 'failed',
      errorCode: 'validation_error',
      errorMessage: 'Invalid `to` field.',
    });
    // A later run does not try again.
    await expect(processNotifyReply(h.deps, r.payload)).resolves.toMatchObject({ channels: { email: 'unchanged' } });
    expect(sentFor(r.eventId)).toHaveLength(0);
  });
});

describe('when notifications are off', () => {
  it('records skipped notifications and sends nothing when NOTIFICATIONS_ENABLED is false', async () => {
    const r = await reply('hi', { slackWebhookUrl: `${h.hooks.url}/slack/${randomUUID()}` });
    const deps = { ...h.deps, options: { ...h.deps.options, notificationsEnabled: false } };
    await expect(processNotifyReply(deps, r.payload)).resolves.toEqual({
      outcome: 'notified',
      channels: { email: 'skipped', slack: 'skipped' },
    });
    const rows = await byChannel(r.eventId);
    expect(rows.email).toMatchObject({ status: 'skipped', errorCode: 'notifications_disabled' });
    expect(rows.slack).toMatchObject({ status: 'skipped', errorCode: 'notifications_disabled' });
    expect(sentFor(r.eventId)).toHaveLength(0);
    expect(await emailRow(r.eventId)).toBeUndefined();
  });

  it('records skipped notifications when the client switched them off', async () => {
    const r = await reply('hi', { enabled: false });
    await processNotifyReply(h.deps, r.payload);
    expect((await byChannel(r.eventId)).email).toMatchObject({ status: 'skipped', errorCode: 'client_disabled' });
    expect(sentFor(r.eventId)).toHaveLength(0);
  });

  it('records a skipped email when there is nobody to send it to', async () => {
    const r = await reply('hi', null, []);
    await processNotifyReply(h.deps, r.payload);
    expect((await byChannel(r.eventId)).email).toMatchObject({ status: 'skipped', errorCode: 'no_recipients' });
  });
});

describe('Slack and the signed webhook', () => {
  const hookSettings = () => {
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
        webhookEvents: ['message_received'],
      },
    };
  };

  it('posts the reply to Slack as text and a webhook whose signature verifies', async () => {
    const s = hookSettings();
    const r = await reply('Sounds <good> & yes', s.settings);
    await expect(processNotifyReply(h.deps, r.payload)).resolves.toEqual({
      outcome: 'notified',
      channels: { email: 'sent', slack: 'sent', webhook: 'sent' },
    });

    const [slack] = h.hooks.received(s.slackPath);
    const slackBody = JSON.parse(slack?.body ?? '{}') as { text: string };
    expect(slackBody.text).toContain('replied (campaign Q3 founders, account Sam Sender)');
    expect(slackBody.text).toContain('> Sounds &lt;good&gt; &amp; yes');
    expect(slackBody.text).toContain(`<${APP_BASE_URL}/leads/${r.lead.id}/conversation|Open the conversation>`);

    const [hook] = h.hooks.received(s.hookPath);
    const rows = await byChannel(r.eventId);
    expect(hook?.headers['webhook-id']).toBe(rows.webhook?.id);
    const verified = new Webhook(s.secret).verify(hook?.body ?? '', hook?.headers as Record<string, string>) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(verified).toMatchObject({
      type: 'message_received',
      data: {
        event_id: r.eventId,
        client_id: r.client.id,
        lead: { id: r.lead.id, name: 'Ana Silva' },
        message: { text: 'Sounds <good> & yes' },
      },
    });
    expect(() =>
      new Webhook(`whsec_${Buffer.from('another secret').toString('base64')}`).verify(
        hook?.body ?? '',
        hook?.headers as Record<string, string>,
      ),
    ).toThrow();
  });

  it('does not call a webhook that is not subscribed to replies', async () => {
    const s = hookSettings();
    const r = await reply('hi', { ...s.settings, webhookEvents: ['connection_accepted'] });
    await expect(processNotifyReply(h.deps, r.payload)).resolves.toMatchObject({ channels: { email: 'sent', slack: 'sent' } });
    expect(h.hooks.received(s.hookPath)).toHaveLength(0);
  });

  it('retries only the webhook when it fails: the email and Slack message are not sent again', async () => {
    const s = hookSettings();
    const r = await reply('hi', s.settings);
    h.hooks.failNext(s.hookPath, 500, 2);
    await expect(processNotifyReply(h.deps, r.payload)).rejects.toBeInstanceOf(ChannelError);
    await expect(processNotifyReply(h.deps, r.payload)).rejects.toMatchObject({ code: 'http_500' });
    expect((await byChannel(r.eventId)).webhook).toMatchObject({ status: 'pending', attempts: 2, errorCode: 'http_500' });

    await expect(processNotifyReply(h.deps, r.payload)).resolves.toEqual({
      outcome: 'notified',
      channels: { email: 'unchanged', slack: 'unchanged', webhook: 'sent' },
    });
    expect(sentFor(r.eventId)).toHaveLength(1);
    expect(h.hooks.received(s.slackPath)).toHaveLength(1);
    expect(h.hooks.received(s.hookPath)).toHaveLength(1);
    // Same webhook-id on the successful retry: receivers dedupe on it.
    expect(h.hooks.received(s.hookPath)[0]?.headers['webhook-id']).toBe((await byChannel(r.eventId)).webhook?.id);
  });

  it('records the webhook as failed on the last attempt and completes', async () => {
    const s = hookSettings();
    const r = await reply('hi', s.settings);
    h.hooks.failNext(s.hookPath, 503);
    await expect(processNotifyReply(h.deps, r.payload, { isFinalAttempt: true })).resolves.toMatchObject({
      channels: { webhook: 'failed', email: 'sent' },
    });
    expect((await byChannel(r.eventId)).webhook).toMatchObject({ status: 'failed', errorCode: 'http_503' });
  });

  it('skips a webhook that has no signing secret', async () => {
    const s = hookSettings();
    const r = await reply('hi', { ...s.settings, webhookSecret: null });
    await expect(processNotifyReply(h.deps, r.payload)).resolves.toMatchObject({ channels: { webhook: 'skipped' } });
    expect((await byChannel(r.eventId)).webhook).toMatchObject({ status: 'skipped', errorCode: 'no_webhook_secret' });
    expect(h.hooks.received(s.hookPath)).toHaveLength(0);
  });
});

describe('an event that is not a reply of this client', () => {
  it('sends nothing', async () => {
    const r = await reply();
    const other = await insertNotifiedTenant(h.database.db);
    await expect(processNotifyReply(h.deps, { ...r.payload, clientId: other.client.id })).resolves.toEqual({ outcome: 'event_not_found' });
    expect(sentFor(r.eventId)).toHaveLength(0);
  });
});
