import { formOf, startTestSandbox, type TestSandbox } from './testing/fixture';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from './testing/webhook-receiver';

/** Key order of the real `message_received` capture (reference §3). */
const CAPTURE_KEYS = [
  'event',
  'account_id',
  'account_type',
  'account_info',
  'webhook_name',
  'chat_id',
  'attendees',
  'sender',
  'subject',
  'message',
  'message_id',
  'timestamp',
  'attachments',
  'is_sender',
  'provider_chat_id',
  'provider_message_id',
  'is_event',
  'chat_pinned',
  'quoted',
  'reply_to',
  'is_forwarded',
  'chat_content_type',
  'message_type',
  'is_group',
  'folder',
  'event_type',
];

/** Payloads are asserted on field by field; `any` keeps that readable. */
const body = (r: ReceivedRequest | undefined): any => r?.json;

describe('unipile sandbox: webhook events', () => {
  let t: TestSandbox;
  let receiver: WebhookReceiver;
  let accountId: string;
  let ownProviderId: string;

  beforeAll(async () => {
    t = await startTestSandbox();
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    const account = await t.control.createAccount({ name: 'Events Owner' });
    accountId = account.id;
    ownProviderId = account.connection_params.im.id;
    for (const source of ['messaging', 'users', 'account_status']) {
      const events =
        source === 'messaging' ? ['message_received', 'message_read', 'message_reaction', 'message_edited', 'message_deleted'] : undefined;
      await t.api('POST', '/webhooks', {
        json: {
          source,
          request_url: `${receiver.url}/${source}`,
          name: `hook-${source}`,
          account_ids: [accountId],
          ...(events ? { events } : {}),
        },
      });
    }
  });
  afterEach(() => receiver.close());

  const person = (first: string, extra: Record<string, unknown> = {}) =>
    t.control.createPerson({ first_name: first, last_name: 'Tester', headline: 'Head of Growth', ...extra });
  const settled = async (): Promise<ReceivedRequest[]> => {
    expect((await t.control.settle()).settled).toBe(true);
    return receiver.requests;
  };

  it('reply → message_received with the real capture shape and boolean is_sender', async () => {
    const p = await person('Rita');
    await t.control.connect({ account_id: accountId, provider_id: p.provider_id });
    const { chat_id, message_id } = await t.control.reply(p.provider_id, { account_id: accountId, text: 'Interested!' });
    const [req] = await receiver.waitFor(1);
    const payload = body(req);
    expect(Object.keys(payload)).toEqual(CAPTURE_KEYS);
    const attendee = {
      attendee_id: expect.any(String),
      attendee_provider_id: p.provider_id,
      attendee_name: 'Rita Tester',
      attendee_profile_url: `https://www.linkedin.com/in/${p.provider_id}`,
      attendee_specifics: {
        provider: 'LINKEDIN',
        member_urn: `urn:li:member:${p.member_id}`,
        occupation: 'Head of Growth',
        is_company: false,
        network_distance: 'DISTANCE_1',
      },
      attendee_public_identifier: null,
    };
    expect(payload).toEqual({
      event: 'message_received',
      account_id: accountId,
      account_type: 'LINKEDIN',
      account_info: { type: 'LINKEDIN', feature: 'classic', user_id: ownProviderId },
      webhook_name: 'hook-messaging',
      chat_id,
      attendees: [attendee],
      sender: attendee,
      subject: null,
      message: 'Interested!',
      message_id,
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      attachments: [],
      is_sender: false,
      provider_chat_id: expect.stringMatching(/^2-/),
      provider_message_id: expect.stringMatching(/^2-/),
      is_event: 0,
      chat_pinned: 0,
      quoted: null,
      reply_to: null,
      is_forwarded: null,
      chat_content_type: null,
      message_type: 'MESSAGE',
      is_group: false,
      folder: ['INBOX', 'INBOX_LINKEDIN_CLASSIC'],
      event_type: null,
    });
  });

  it('an attachment-only reply carries message null and the attachment', async () => {
    const p = await person('Att');
    await t.control.connect({ account_id: accountId, provider_id: p.provider_id });
    await t.control.reply(p.provider_id, {
      account_id: accountId,
      text: null,
      attachments: [{ type: 'img', mimetype: 'image/png', file_size: 42 }],
    });
    const payload = body((await receiver.waitFor(1))[0]);
    expect(payload.message).toBeNull();
    expect(payload.attachments).toEqual([
      expect.objectContaining({ type: 'img', mimetype: 'image/png', file_size: 42, unavailable: false }),
    ]);
  });

  it('an API send echoes as message_received with is_sender true from the own attendee', async () => {
    const p = await person('Echo');
    await t.control.connect({ account_id: accountId, provider_id: p.provider_id });
    const started = await t.api('POST', '/chats', {
      form: formOf({ account_id: accountId, attendees_ids: p.provider_id, text: 'Hi Echo' }),
    });
    const payload = body((await receiver.waitFor(1))[0]);
    expect(payload).toMatchObject({
      event: 'message_received',
      is_sender: true,
      message: 'Hi Echo',
      chat_id: started.body.chat_id,
      message_id: started.body.message_id,
    });
    expect(payload.sender).toMatchObject({ attendee_provider_id: ownProviderId, attendee_specifics: { network_distance: 'SELF' } });
    expect(payload.sender.attendee_provider_id).toBe(payload.account_info.user_id);
    expect(payload.attendees.map((a: { attendee_provider_id: string }) => a.attendee_provider_id)).toEqual([p.provider_id]);
  });

  it('accepting an invitation with a note opens a chat with the note (echo) and then emits new_relation', async () => {
    const p = await person('Nora');
    await t.api('POST', '/users/invite', { json: { account_id: accountId, provider_id: p.provider_id, message: 'Loved your talk' } });
    const accepted = await t.control.accept(p.provider_id, { account_id: accountId });
    if (accepted.scheduled) throw new Error('expected an immediate accept');
    expect(accepted.chat_id).toEqual(expect.any(String));
    const [echo, relation] = await receiver.waitFor(2);
    expect(body(echo)).toMatchObject({ event: 'message_received', is_sender: true, message: 'Loved your talk', chat_id: accepted.chat_id });
    expect(body(relation)).toEqual({
      event: 'new_relation',
      account_id: accountId,
      account_type: 'LINKEDIN',
      webhook_name: 'hook-users',
      user_full_name: 'Nora Tester',
      user_provider_id: p.provider_id,
      user_public_identifier: p.public_identifier,
      user_profile_url: `https://www.linkedin.com/in/${p.public_identifier}/`,
      user_picture_url: p.picture_url,
    });
    expect((await t.api('GET', `/users/invite/sent?account_id=${accountId}`)).body.items).toEqual([]);
    expect((await t.api('GET', `/users/relations?account_id=${accountId}`)).body.items[0].member_id).toBe(p.provider_id);
    expect((await t.api('GET', `/chats/${accepted.chat_id}/messages`)).body.items.map((m: { text: string }) => m.text)).toEqual([
      'Loved your talk',
    ]);
  });

  it('emits AccountStatus only on transitions', async () => {
    expect((await t.control.setAccountStatus(accountId, 'OK')).changed).toBe(false);
    expect((await t.control.setAccountStatus(accountId, 'CREDENTIALS')).changed).toBe(true);
    expect((await t.control.setAccountStatus(accountId, 'CREDENTIALS')).changed).toBe(false);
    await t.control.setAccountStatus(accountId, 'OK');
    const requests = await settled();
    expect(requests.map((r) => [r.path, r.json])).toEqual([
      ['/account_status', { AccountStatus: { account_id: accountId, account_type: 'LINKEDIN', message: 'CREDENTIALS' } }],
      ['/account_status', { AccountStatus: { account_id: accountId, account_type: 'LINKEDIN', message: 'OK' } }],
    ]);
  });

  it('holds messaging webhooks while the account is not OK and sends them after it reconnects', async () => {
    const p = await person('Held');
    await t.control.setAccountStatus(accountId, 'CREDENTIALS');
    await t.control.reply(p.provider_id, { account_id: accountId, text: 'while you were away' });
    expect((await settled()).map((r) => r.path)).toEqual(['/account_status']);
    await t.control.setAccountStatus(accountId, 'OK');
    const requests = await receiver.waitFor(3);
    expect(requests.map((r) => r.path)).toEqual(['/account_status', '/account_status', '/messaging']);
    expect(body(requests[2])).toMatchObject({ message: 'while you were away', message_type: 'INMAIL', chat_content_type: 'inmail' });
  });

  it('emits message_edited, message_reaction, message_read and message_deleted with the same envelope', async () => {
    const p = await person('Ed');
    await t.control.connect({ account_id: accountId, provider_id: p.provider_id });
    const { message_id } = await t.control.reply(p.provider_id, { account_id: accountId, text: 'v1' });
    await t.control.editMessage(message_id, 'v2');
    const reacted = await t.control.reactToMessage(message_id, { reaction: '👍', by_provider_id: ownProviderId });
    expect(reacted.reactions).toEqual([{ value: '👍', sender_id: ownProviderId, is_sender: 1 }]);
    await t.control.readMessage(message_id, { by_provider_id: ownProviderId });
    const deleted = await t.control.deleteMessage(message_id);
    expect(deleted).toMatchObject({ deleted: 1, text: null });
    const events = (await receiver.waitFor(5)).map(body);
    expect(events.map((e) => [e.event, e.message, e.message_id])).toEqual([
      ['message_received', 'v1', message_id],
      ['message_edited', 'v2', message_id],
      ['message_reaction', 'v2', message_id],
      ['message_read', 'v2', message_id],
      ['message_deleted', null, message_id],
    ]);
    expect(events[2]).toMatchObject({ reaction: '👍', reaction_sender: { attendee_provider_id: ownProviderId } });
    expect(events[3].read_by).toEqual([expect.objectContaining({ attendee_provider_id: ownProviderId })]);
  });

  it('applies a registration`s data renames', async () => {
    const other = await startWebhookReceiver();
    try {
      await t.api('POST', '/webhooks', {
        json: { source: 'messaging', request_url: other.url, account_ids: [accountId], data: [{ name: 'msg', key: 'message' }] },
      });
      const p = await person('Ren');
      await t.control.reply(p.provider_id, { account_id: accountId, text: 'renamed' });
      const payload = body((await other.waitFor(1))[0]);
      expect(payload.msg).toBe('renamed');
      expect(payload.message).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('simulated people with a behaviour accept invitations and answer the first message', async () => {
    const p = await person('Auto', { behaviour: { accept_after_ms: [5, 15], reply_after_ms: [5, 15], reply_text: 'Sure, let us talk' } });
    await t.api('POST', '/users/invite', { json: { account_id: accountId, provider_id: p.provider_id } });
    const [relation] = await receiver.waitFor(1, (r) => body(r).event === 'new_relation');
    expect(body(relation).user_provider_id).toBe(p.provider_id);
    const started = await t.api('POST', '/chats', {
      form: formOf({ account_id: accountId, attendees_ids: p.provider_id, text: 'Thanks for connecting' }),
    });
    expect(started.status).toBe(201);
    await t.api('POST', `/chats/${started.body.chat_id}/messages`, { form: formOf({ text: 'Follow-up' }) });
    const requests = await settled();
    const inbound = requests.map(body).filter((e) => e.event === 'message_received' && e.is_sender === false);
    expect(inbound.map((e) => e.message)).toEqual(['Sure, let us talk']);
  });

  it('hosted auth: link, page, completion → notify_url and CREATION_SUCCESS', async () => {
    const link = await t.api('POST', '/hosted/accounts/link', {
      json: {
        type: 'create',
        providers: ['LINKEDIN'],
        api_url: t.sandbox.url,
        expiresOn: '2099-01-01T00:00:00.000Z',
        name: 'tenant-42',
        notify_url: `${receiver.url}/notify`,
      },
    });
    expect(link.body).toEqual({ object: 'HostedAuthUrl', url: expect.stringMatching(new RegExp(`^${t.sandbox.url}/hosted/`)) });
    expect((await fetch(link.body.url)).status).toBe(200);
    const bad = await t.api('POST', '/hosted/accounts/link', {
      json: { type: 'create', providers: '*', api_url: 'x', expiresOn: '2099-01-01T00:00:00Z' },
    });
    expect(bad.body).toMatchObject({ status: 400, type: 'errors/invalid_parameters' });

    const hook = await t.api('POST', '/webhooks', { json: { source: 'account_status', request_url: `${receiver.url}/all-status` } });
    expect(hook.status).toBe(201);
    const done = await t.control.completeHostedAuth(link.body.url, { name: 'New Person' });
    const [notify] = await receiver.waitFor(1, (r) => r.path === '/notify');
    expect(body(notify)).toEqual({ status: 'CREATION_SUCCESS', account_id: done.account.id, name: 'tenant-42' });
    const [status] = await receiver.waitFor(1, (r) => r.path === '/all-status');
    expect(body(status)).toEqual({ AccountStatus: { account_id: done.account.id, account_type: 'LINKEDIN', message: 'CREATION_SUCCESS' } });
    await t.api('DELETE', `/webhooks/${hook.body.webhook_id}`);
  });
});
