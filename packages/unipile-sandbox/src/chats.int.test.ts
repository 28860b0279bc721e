import { formOf, startTestSandbox, type TestSandbox } from './testing/fixture';

describe('unipile sandbox: chats and messages', () => {
  let t: TestSandbox;
  let accountId: string;
  let ownProviderId: string;

  beforeAll(async () => {
    t = await startTestSandbox();
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    const account = await t.control.createAccount({ name: 'Sam Sender' });
    accountId = account.id;
    ownProviderId = account.connection_params.im.id;
  });

  const connectedPerson = async (first: string) => {
    const p = await t.control.createPerson({ first_name: first, last_name: 'Conn', headline: 'CEO @ Acme' });
    await t.control.connect({ account_id: accountId, provider_id: p.provider_id });
    return p;
  };

  describe('POST /chats (multipart)', () => {
    it('starts a chat with a first-degree connection and reuses it the second time', async () => {
      const p = await connectedPerson('Ada');
      const form = () => formOf({ account_id: accountId, attendees_ids: [p.provider_id], text: 'Hello Ada', 'linkedin[api]': 'classic' });
      const first = await t.api('POST', '/chats', { form: form() });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ object: 'ChatStarted', chat_id: expect.any(String), message_id: expect.any(String) });
      const second = await t.api('POST', '/chats', { form: form() });
      expect(second.body.chat_id).toBe(first.body.chat_id);
      expect(second.body.message_id).not.toBe(first.body.message_id);
      const sent = await t.control.sent(accountId);
      expect(sent.messages).toEqual([
        expect.objectContaining({ chat_id: first.body.chat_id, recipient_provider_ids: [p.provider_id], text: 'Hello Ada' }),
        expect.objectContaining({ chat_id: first.body.chat_id, message_id: second.body.message_id }),
      ]);
    });

    it('answers 415 unsupported_media_type to a JSON body', async () => {
      const p = await connectedPerson('Ben');
      const res = await t.api('POST', '/chats', { json: { account_id: accountId, attendees_ids: [p.provider_id], text: 'hi' } });
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ status: 415, type: 'errors/unsupported_media_type', instance: '/api/v1/chats' });
    });

    it('refuses a non-connection without InMail (422 no_connection_with_recipient) and allows it with InMail', async () => {
      const stranger = await t.control.createPerson({ first_name: 'Cid', last_name: 'Far' });
      const res = await t.api('POST', '/chats', {
        form: formOf({ account_id: accountId, attendees_ids: stranger.provider_id, text: 'hi' }),
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        type: 'errors/no_connection_with_recipient',
        detail: 'The recipient appears not to be first degree connection',
      });
      const inmail = await t.api('POST', '/chats', {
        form: formOf({
          account_id: accountId,
          attendees_ids: stranger.provider_id,
          text: 'hi',
          'linkedin[api]': 'classic',
          'linkedin[inmail]': 'true',
        }),
      });
      expect(inmail.status).toBe(201);
      const chat = await t.api('GET', `/chats/${inmail.body.chat_id}`);
      expect(chat.body).toMatchObject({ content_type: 'inmail', lastMessage: { message_type: 'INMAIL' } });
    });
  });

  describe('reading chats', () => {
    it('returns the Chat shape with lastMessage, attendees including self, and REST 0|1 flags', async () => {
      const p = await connectedPerson('Dee');
      const started = await t.api('POST', '/chats', {
        form: formOf({ account_id: accountId, attendees_ids: p.provider_id, text: 'First' }),
      });
      const chatId: string = started.body.chat_id;
      const reply = await t.control.reply(p.provider_id, { account_id: accountId, text: 'Thanks!' });
      expect(reply.chat_id).toBe(chatId);

      const chat = await t.api('GET', `/chats/${chatId}`);
      expect(chat.body).toMatchObject({
        object: 'Chat',
        id: chatId,
        account_id: accountId,
        account_type: 'LINKEDIN',
        attendee_provider_id: p.provider_id,
        type: 0,
        unread_count: 1,
        archived: 0,
        read_only: 0,
        folder: ['INBOX', 'INBOX_LINKEDIN_CLASSIC'],
        lastMessage: {
          object: 'Message',
          id: reply.message_id,
          text: 'Thanks!',
          is_sender: 0,
          sender_id: p.provider_id,
          attendee_distance: 1,
        },
      });
      expect(chat.body.provider_id).toMatch(/^2-/);
      expect(chat.body.attendees).toBeUndefined();

      const attendees = await t.api('GET', `/chats/${chatId}/attendees`);
      expect(attendees.body.object).toBe('ChatAttendeeList');
      expect(attendees.body.cursor).toBeNull();
      const byProvider = Object.fromEntries(attendees.body.items.map((a: { provider_id: string }) => [a.provider_id, a]));
      expect(byProvider[ownProviderId]).toMatchObject({ is_self: 1, specifics: { network_distance: 'SELF' } });
      expect(byProvider[p.provider_id]).toMatchObject({
        object: 'ChatAttendee',
        is_self: 0,
        name: 'Dee Conn',
        profile_url: `https://www.linkedin.com/in/${p.provider_id}`,
        specifics: {
          provider: 'LINKEDIN',
          member_urn: `urn:li:member:${p.member_id}`,
          network_distance: 'DISTANCE_1',
          occupation: 'CEO @ Acme',
        },
      });

      const messages = await t.api('GET', `/chats/${chatId}/messages`);
      expect(messages.body.object).toBe('MessageList');
      expect(messages.body.items.map((m: { text: string; is_sender: number }) => [m.text, m.is_sender])).toEqual([
        ['Thanks!', 0],
        ['First', 1],
      ]);
      const mine = await t.api('GET', `/chats/${chatId}/messages?sender_id=${ownProviderId}`);
      expect(mine.body.items.map((m: { text: string }) => m.text)).toEqual(['First']);
    });

    it('sends into an existing chat with POST /chats/{id}/messages (201 MessageSent)', async () => {
      const p = await connectedPerson('Eve');
      const started = await t.api('POST', '/chats', { form: formOf({ account_id: accountId, attendees_ids: p.provider_id, text: 'One' }) });
      const res = await t.api('POST', `/chats/${started.body.chat_id}/messages`, { form: formOf({ text: 'Two' }) });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ object: 'MessageSent', message_id: expect.any(String) });
      const one = await t.api('GET', `/messages/${res.body.message_id}`);
      expect(one.body).toMatchObject({ object: 'Message', text: 'Two', is_sender: 1, chat_id: started.body.chat_id });
      expect((await t.api('POST', `/chats/${started.body.chat_id}/messages`, { json: { text: 'x' } })).status).toBe(415);
    });

    it('pages chats and global messages newest first with cursors that keep the filters', async () => {
      const people = await Promise.all(['F1', 'F2', 'F3'].map(connectedPerson));
      for (const p of people)
        await t.api('POST', '/chats', {
          form: formOf({ account_id: accountId, attendees_ids: p.provider_id, text: `hi ${p.first_name}` }),
        });
      const page1 = await t.api('GET', `/chats?account_id=${accountId}&limit=2`);
      expect(page1.body.object).toBe('ChatList');
      expect(page1.body.items.map((c: { attendee_provider_id: string }) => c.attendee_provider_id)).toEqual([
        people[2]?.provider_id,
        people[1]?.provider_id,
      ]);
      const page2 = await t.api('GET', `/chats?cursor=${encodeURIComponent(page1.body.cursor)}`);
      expect(page2.body.items.map((c: { attendee_provider_id: string }) => c.attendee_provider_id)).toEqual([people[0]?.provider_id]);
      expect(page2.body.cursor).toBeNull();

      const all = await t.api('GET', `/messages?account_id=${accountId}&limit=2`);
      expect(all.body.items.map((m: { text: string }) => m.text)).toEqual(['hi F3', 'hi F2']);
      const rest = await t.api('GET', `/messages?cursor=${encodeURIComponent(all.body.cursor)}`);
      expect(rest.body.items.map((m: { text: string }) => m.text)).toEqual(['hi F1']);
      const after = await t.api('GET', `/messages?account_id=${accountId}&after=${encodeURIComponent(all.body.items[1].timestamp)}`);
      expect(after.body.items.map((m: { text: string }) => m.text)).toEqual(['hi F3']);
    });
  });
});
