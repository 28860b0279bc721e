import type { EventContext } from '../event-context';
import { slackText } from './slack';

const context = (overrides: Partial<EventContext> = {}, event: Partial<EventContext['event']> = {}): EventContext => ({
  event: {
    id: 7,
    clientId: 'c',
    campaignId: 'k',
    leadId: 'lead-1',
    linkedinAccountId: 'a',
    type: 'message_received',
    externalId: 'm',
    occurredAt: new Date('2026-03-03T13:05:00Z'),
    meta: {},
    createdAt: new Date('2026-03-03T13:05:00Z'),
    ...event,
  },
  lead: {
    id: 'lead-1',
    firstName: 'Ana',
    lastName: 'Silva',
    company: null,
    title: null,
    profileUrl: 'https://www.linkedin.com/in/ana/',
    publicIdentifier: 'ana',
  },
  campaign: { id: 'k', name: 'Q3 <founders>' },
  account: { id: 'a', name: 'Sam', status: 'OK' },
  replyText: 'Hi & <hello>\nsecond line',
  ...overrides,
});

describe('slackText', () => {
  it('quotes a reply, escapes Slack control characters and links the conversation', () => {
    expect(slackText(context(), 'https://app.test')).toBe(
      [
        ':speech_balloon: *<https://www.linkedin.com/in/ana/|Ana Silva>* replied (campaign Q3 &lt;founders&gt;, account Sam)',
        '> Hi &amp; &lt;hello&gt;',
        '> second line',
        '<https://app.test/leads/lead-1/conversation|Open the conversation>',
      ].join('\n'),
    );
  });

  it('names the lead without a link when there is no profile', () => {
    const text = slackText(
      context({
        lead: { id: 'lead-1', firstName: null, lastName: null, company: null, title: null, profileUrl: null, publicIdentifier: null },
      }),
      'https://app.test',
    );
    expect(text.startsWith(':speech_balloon: *A lead* replied')).toBe(true);
  });

  it('describes an account status change', () => {
    expect(
      slackText(
        context({ lead: null, campaign: null }, { type: 'account_status_changed', meta: { from: 'OK', to: 'CREDENTIALS' } }),
        'https://app.test',
      ),
    ).toBe(':warning: LinkedIn account *Sam* is now *CREDENTIALS* (was OK)');
  });
});
