import { button, layout } from '@outreach/email';
import type { WeeklyReport } from './report';
import { renderWeeklyReport } from './render';
import { formatDuration, formatRate, formatWeekSpan } from './format';

const metrics = {
  invitesSent: 4,
  accepted: 2,
  acceptanceRate: 0.5,
  messagesSent: 3,
  replies: 2,
  leadsContacted: 6,
  leadsReplied: 2,
  replyRate: 1 / 3,
  firstReplies: 1,
  medianTimeToFirstReplyMs: (26 * 60 + 30) * 60_000,
};

const report = (overrides: Partial<WeeklyReport> = {}): WeeklyReport => ({
  client: { id: '11111111-1111-4111-8111-111111111111', name: 'Acme <b>Corp</b>\r\nBcc: evil@example.com', timezone: 'Europe/London' },
  week: '2026-W13',
  range: { start: new Date('2026-03-23T00:00:00Z'), end: new Date('2026-03-29T23:00:00Z') },
  totals: metrics,
  campaigns: [
    { campaignId: '22222222-2222-4222-8222-222222222222', name: 'Founders <img src=x onerror=alert(1)>', status: 'active', ...metrics },
  ],
  accounts: [{ linkedinAccountId: '33333333-3333-4333-8333-333333333333', name: 'Sam & "Co"', ...metrics }],
  replies: [
    {
      leadId: '44444444-4444-4444-8444-444444444444',
      leadName: '<script>alert("name")</script>',
      profileUrl: 'javascript:alert(1)',
      campaignId: '22222222-2222-4222-8222-222222222222',
      campaignName: 'Founders',
      text: 'Sounds good <script>alert("x")</script>\nTalk Tuesday & bring "data"',
      at: new Date('2026-03-29T22:30:00Z'),
    },
    {
      leadId: null,
      leadName: 'Bo Li',
      profileUrl: 'https://www.linkedin.com/in/boli',
      campaignId: null,
      campaignName: 'Without campaign',
      text: null,
      at: new Date('2026-03-24T09:05:00Z'),
    },
  ],
  omittedReplies: 3,
  inbox: { repliesAnswered: 5, medianFirstResponseMs: 95 * 60_000 },
  ...overrides,
});

const options = { unsubscribeUrl: 'https://api.example.com/api/unsubscribe?token=abc.def&x=1', appBaseUrl: 'https://app.example.com' };

describe('renderWeeklyReport', () => {
  it('escapes every name and reply text in the HTML', () => {
    const { html } = renderWeeklyReport(report(), options);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>Corp</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(html).toContain('Founders &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Sam &amp; &quot;Co&quot;');
    expect(html).toContain('Talk Tuesday &amp; bring &quot;data&quot;');
  });

  it("renders inside the email kit's frame, 640px wide for its tables, with the kit's dashboard button", () => {
    const { html } = renderWeeklyReport(report(), options);
    const frame = layout({ title: 't', preheader: 'p', body: '@@BODY@@', footer: '@@FOOTER@@', width: 640 });
    const [, afterBody = ''] = frame.split('@@BODY@@');
    const [betweenBodyAndFooter = '', afterFooter = ''] = afterBody.split('@@FOOTER@@');
    expect(html).toContain('<table role="presentation" width="640"');
    expect(html).toContain(betweenBodyAndFooter);
    expect(html.endsWith(afterFooter)).toBe(true);
    expect(html).toContain(button('https://app.example.com', 'Open the dashboard'));
  });

  it('links only http(s) profile URLs', () => {
    const { html } = renderWeeklyReport(report(), options);
    expect(html).not.toContain('javascript:');
    expect(html).toContain('href="https://www.linkedin.com/in/boli"');
  });

  it('keeps the subject on one line with the client and the local week', () => {
    const { subject } = renderWeeklyReport(report(), options);
    expect(subject).toBe('Weekly outreach report · Acme <b>Corp</b> Bcc: evil@example.com · 23–29 Mar 2026');
    expect(subject).not.toMatch(/[\r\n]/);
  });

  it('carries the unsubscribe link in both parts, escaped in the HTML', () => {
    const { html, text } = renderWeeklyReport(report(), options);
    expect(html).toContain('href="https://api.example.com/api/unsubscribe?token=abc.def&amp;x=1"');
    expect(text).toContain('Unsubscribe from this weekly report: https://api.example.com/api/unsubscribe?token=abc.def&x=1');
  });

  it('renders no unsubscribe link for a preview', () => {
    const { html, text } = renderWeeklyReport(report(), { ...options, unsubscribeUrl: null });
    expect(html).not.toMatch(/unsubscribe\?/i);
    expect(text).not.toMatch(/unsubscribe/i);
  });

  it('shows the figures, times on the client clock and the omitted replies in the text part', () => {
    const { text } = renderWeeklyReport(report(), options);
    expect(text).toContain('Invites sent: 4 (2 accepted)');
    expect(text).toContain('Acceptance rate: 50% (accepted ÷ invites sent)');
    expect(text).toContain('Reply rate: 33.3% (leads replied ÷ contacted)');
    expect(text).toContain('Median time to 1st reply: 26 h 30 min (over 1 first reply)');
    // 22:30 UTC on 29 Mar is 23:30 BST.
    expect(text).toContain('Sun 29 Mar, 23:30');
    expect(text).toContain('  > Sounds good <script>alert("x")</script>');
    expect(text).toContain('(no text: attachment or reaction)');
    expect(text).toContain('…and 3 more in the dashboard.');
    expect(text).toContain('https://app.example.com/leads/44444444-4444-4444-8444-444444444444/conversation');
  });

  it('shows the inbox figures in both parts', () => {
    const { html, text } = renderWeeklyReport(report(), options);
    expect(text).toContain('  Replies answered: 5 (by operators from the inbox)');
    expect(text).toContain('  Median first response: 1 h 35 min (prospect message → operator reply)');
    expect(html).toContain('Replies answered');
    expect(html).toContain('>1 h 35 min<');
    const idle = renderWeeklyReport(report({ inbox: { repliesAnswered: 0, medianFirstResponseMs: null } }), options);
    expect(idle.text).toContain('  Median first response: – (prospect message → operator reply)');
  });

  it('says so when a week had no activity and no replies', () => {
    const { html, text } = renderWeeklyReport(report({ campaigns: [], accounts: [], replies: [], omittedReplies: 0 }), options);
    expect(html).toContain('No replies this week.');
    expect(html).toContain('No activity.');
    expect(text).toContain('No replies this week.');
  });
});

describe('report formatting', () => {
  it.each([
    [null, '–'],
    [0, '0%'],
    [0.5, '50%'],
    [1 / 3, '33.3%'],
    [2.5, '250%'],
  ])('formats the rate %p as %s', (rate, expected) => {
    expect(formatRate(rate)).toBe(expected);
  });

  it.each([
    [null, '–'],
    [45 * 60_000, '45 min'],
    [3 * 3_600_000, '3 h'],
    [(3 * 60 + 20) * 60_000, '3 h 20 min'],
    [52 * 3_600_000, '2 d 4 h'],
    [72 * 3_600_000, '3 d'],
  ])('formats the duration %p as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it.each([
    ['2026-W13', '23–29 Mar 2026'],
    ['2026-W14', '30 Mar – 5 Apr 2026'],
    ['2026-W53', '28 Dec 2026 – 3 Jan 2027'],
  ])('spans %s as %s', (week, expected) => {
    expect(formatWeekSpan(week)).toBe(expected);
  });
});
