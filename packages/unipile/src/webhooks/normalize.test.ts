import { normalizeAccountStatus, normalizeMessagingWebhook, normalizeRestMessage, parseIsSender } from './normalize';

const now = new Date('2026-07-06T10:00:00.000Z');

describe('parseIsSender', () => {
  it.each([
    [true, true],
    [1, true],
    ['true', true],
    [false, false],
    [0, false],
    [null, null],
    [undefined, null],
  ])('%p → %p', (input, expected) => {
    expect(parseIsSender(input)).toBe(expected);
  });
});

describe('normalizeMessagingWebhook', () => {
  it('reads the real capture fields', () => {
    const msg = normalizeMessagingWebhook(
      {
        event: 'message_received',
        account_id: 'acc',
        account_info: { user_id: 'ACoAOWN' },
        chat_id: 'c1',
        message_id: 'm1',
        message: 'Hi',
        is_sender: false,
        timestamp: '2026-07-06T09:43:27.002Z',
        sender: { attendee_provider_id: 'ACoAHIM', attendee_specifics: { member_urn: 'urn:li:member:42' } },
        attendees: [{ attendee_provider_id: 'ACoAHIM' }],
        attachments: [],
      },
      now,
    );
    expect(msg).toMatchObject({
      accountId: 'acc',
      accountUserId: 'ACoAOWN',
      isSender: false,
      text: 'Hi',
      sender: { providerId: 'ACoAHIM', memberUrn: 'urn:li:member:42' },
    });
    expect(msg?.timestamp.toISOString()).toBe('2026-07-06T09:43:27.002Z');
  });
  it('wraps a single attachment object and keeps a null message', () => {
    const msg = normalizeMessagingWebhook(
      { event: 'message_received', account_id: 'acc', message: null, attachments: { id: 'a', size: '150' } },
      now,
    );
    expect(msg).toMatchObject({ text: null, attachments: [{ id: 'a', size: '150' }], isSender: null, timestamp: now });
  });
  it('returns null without an account id', () => {
    expect(normalizeMessagingWebhook({ event: 'message_received' }, now)).toBeNull();
  });
});

describe('normalizeRestMessage', () => {
  it('turns REST 0|1 into booleans', () => {
    const msg = normalizeRestMessage({
      id: 'm',
      account_id: 'a',
      chat_id: 'c',
      sender_id: 'ACoA',
      text: 't',
      timestamp: now.toISOString(),
      is_sender: true,
    });
    expect(msg).toMatchObject({ isSender: true, sender: { providerId: 'ACoA' } });
  });
});

describe('normalizeAccountStatus', () => {
  it('reads {"AccountStatus": …}', () => {
    expect(normalizeAccountStatus({ AccountStatus: { account_id: 'acc', account_type: 'LINKEDIN', message: 'credentials' } })).toEqual({
      accountId: 'acc',
      status: 'CREDENTIALS',
    });
  });
});
