import { conversationUrl, renderReplyDigest, renderReplyNotification, type ReplySummary } from './reply';

const reply = (overrides: Partial<ReplySummary> = {}): ReplySummary => ({
  leadId: '11111111-2222-3333-4444-555555555555',
  leadName: 'Ana Silva',
  leadHeadline: 'Head of Sales at Acme',
  campaignName: 'Q3 founders',
  accountName: 'Sam Sender',
  profileUrl: 'https://www.linkedin.com/in/ana-silva/',
  replyText: 'Thanks, interested!\nCan we talk Tuesday?',
  repliedAt: new Date('2026-03-03T13:05:00Z'),
  ...overrides,
});
const ctx = { appBaseUrl: 'https://app.example.com/', timeZone: 'Europe/Berlin', clientName: 'Acme' };

describe('renderReplyNotification', () => {
  it('names the lead and campaign in the subject and links the conversation and profile', () => {
    const email = renderReplyNotification(reply(), ctx);
    expect(email.subject).toBe('Ana Silva replied · Q3 founders');
    expect(email.html).toContain('href="https://app.example.com/leads/11111111-2222-3333-4444-555555555555/conversation"');
    expect(email.html).toContain('href="https://www.linkedin.com/in/ana-silva/"');
    expect(email.html).toContain('Thanks, interested!<br>Can we talk Tuesday?');
    expect(email.text).toContain('> Thanks, interested!\n> Can we talk Tuesday?');
    expect(email.text).toContain('Conversation: https://app.example.com/leads/11111111-2222-3333-4444-555555555555/conversation');
  });

  it('shows the time in the client zone', () => {
    const email = renderReplyNotification(reply(), ctx);
    expect(email.text).toMatch(/3 Mar 2026, 14:05 CET/);
  });

  it('falls back to UTC for a zone it does not know', () => {
    expect(renderReplyNotification(reply(), { ...ctx, timeZone: 'Mars/Olympus' }).text).toMatch(/3 Mar 2026, 13:05 UTC/);
  });

  it('escapes markup in the reply, the name and the campaign', () => {
    const email = renderReplyNotification(
      reply({
        replyText: '<script>alert("x")</script> & <b>bold</b>',
        leadName: 'Eve <img src=x onerror=alert(1)>',
        campaignName: 'A & "B"',
      }),
      ctx,
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(email.html).toContain('Eve &lt;img src=x onerror=alert(1)&gt;');
    // The plain-text part is text: kept as written.
    expect(email.text).toContain('<script>alert("x")</script>');
  });

  it('drops a profile link that is not http(s)', () => {
    const email = renderReplyNotification(reply({ profileUrl: 'javascript:alert(1)' }), ctx);
    expect(email.html).not.toContain('javascript:');
    expect(email.text).not.toContain('LinkedIn profile');
  });

  it('keeps the subject on one line whatever the name holds', () => {
    const email = renderReplyNotification(reply({ leadName: 'Ana\r\nBcc: evil@example.com' }), ctx);
    expect(email.subject).toBe('Ana Bcc: evil@example.com replied · Q3 founders');
  });

  it('says so when the reply has no text and when the lead has no name', () => {
    const email = renderReplyNotification(reply({ replyText: null, leadName: '' }), ctx);
    expect(email.subject).toBe('A lead replied · Q3 founders');
    expect(email.text).toContain('(no text: attachment or reaction)');
  });

  it('is pure: the same data renders the same email', () => {
    expect(renderReplyNotification(reply(), ctx)).toEqual(renderReplyNotification(reply(), ctx));
  });
});

describe('renderReplyDigest', () => {
  it('puts every reply in one email, oldest first, with a count in the subject', () => {
    const replies = [
      reply({ leadName: 'Cleo C', repliedAt: new Date('2026-03-03T13:20:00Z') }),
      reply({ leadName: 'Ana A', repliedAt: new Date('2026-03-03T13:00:00Z') }),
      reply({ leadName: 'Ben B', repliedAt: new Date('2026-03-03T13:10:00Z') }),
    ];
    const email = renderReplyDigest(replies, { ...ctx, windowMinutes: 30 });
    expect(email.subject).toBe('3 new LinkedIn replies: Ana A, Ben B, Cleo C');
    expect(email.text.indexOf('Ana A')).toBeLessThan(email.text.indexOf('Ben B'));
    expect(email.text.indexOf('Ben B')).toBeLessThan(email.text.indexOf('Cleo C'));
    expect(email.text).toContain('3 new replies in the last 30 minutes for Acme');
    expect(email.html.match(/Open the conversation/g)).toHaveLength(3);
  });

  it('shortens the subject for many replies', () => {
    const replies = Array.from({ length: 10 }, (_, i) =>
      reply({ leadName: `Lead ${i}`, repliedAt: new Date(Date.UTC(2026, 2, 3, 13, i)) }),
    );
    expect(renderReplyDigest(replies, { ...ctx, windowMinutes: 15 }).subject).toBe('10 new LinkedIn replies: Lead 0, Lead 1 and 8 others');
  });

  it('refuses an empty digest', () => {
    expect(() => renderReplyDigest([], { ...ctx, windowMinutes: 5 })).toThrow('at least one reply');
  });
});

describe('conversationUrl', () => {
  it('joins the base URL without doubling slashes', () => {
    expect(conversationUrl('http://localhost:3000//', 'abc')).toBe('http://localhost:3000/leads/abc/conversation');
  });
});
