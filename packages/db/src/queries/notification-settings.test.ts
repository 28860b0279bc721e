import { normaliseRecipients, resolveNotificationSettings, type NotificationSettingsRow } from './notification-settings';

const client = { id: 'c1', notificationEmails: [' Ops@Acme.example', 'ops@acme.example', ''], reportEmails: ['Boss@acme.example'] };

const row = (overrides: Partial<NotificationSettingsRow> = {}): NotificationSettingsRow => ({
  clientId: 'c1',
  enabled: false,
  recipients: [],
  digestMinutes: 15,
  slackWebhookUrl: null,
  webhookUrl: 'https://crm.acme.example/hook',
  webhookSecret: 'whsec_x',
  webhookEvents: ['message_received', 'no_longer_an_event'],
  reportsEnabled: false,
  reportRecipients: [],
  reportWeekday: 5,
  reportHour: 17,
  updatedAt: new Date('2026-03-02T10:00:00Z'),
  ...overrides,
});

describe('resolveNotificationSettings', () => {
  it("without a row: the defaults, to the client's own addresses, normalised", () => {
    expect(resolveNotificationSettings(client, null)).toEqual({
      clientId: 'c1',
      enabled: true,
      recipients: { explicit: [], effective: ['ops@acme.example'], source: 'client' },
      digestMinutes: 0,
      slackWebhookUrl: null,
      webhookUrl: null,
      webhookSecret: null,
      webhookEvents: [],
      reportsEnabled: true,
      reportRecipients: { explicit: [], effective: ['boss@acme.example'], source: 'client' },
      reportWeekday: 1,
      reportHour: 8,
      updatedAt: null,
    });
  });

  it("with a row: its values; an empty list still falls back to the client's addresses", () => {
    const resolved = resolveNotificationSettings(client, row({ reportRecipients: ['CEO@acme.example '] }));
    expect(resolved).toMatchObject({
      enabled: false,
      digestMinutes: 15,
      reportsEnabled: false,
      reportWeekday: 5,
      reportHour: 17,
      webhookEvents: ['message_received'],
    });
    expect(resolved.recipients).toEqual({ explicit: [], effective: ['ops@acme.example'], source: 'client' });
    expect(resolved.reportRecipients).toEqual({ explicit: ['ceo@acme.example'], effective: ['ceo@acme.example'], source: 'settings' });
  });

  it('treats a saved list of blanks as no list', () => {
    expect(resolveNotificationSettings(client, row({ recipients: [' ', ''] })).recipients.source).toBe('client');
  });
});

describe('normaliseRecipients', () => {
  it('trims, lower-cases and de-duplicates in order, dropping empties', () => {
    expect(normaliseRecipients(['B@x.example', ' a@x.example', 'b@x.example', '  '])).toEqual(['b@x.example', 'a@x.example']);
  });
});
