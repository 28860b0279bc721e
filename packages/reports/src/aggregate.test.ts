import type { FirstReplyRow, LeadActivityRow } from '@outreach/db';
import { aggregateWeeklyReport, median } from './aggregate';

const entities = {
  campaigns: [
    { id: 'c-a', name: 'Alpha', status: 'active', linkedinAccountId: 'acc-1' },
    { id: 'c-b', name: 'Beta', status: 'paused', linkedinAccountId: 'acc-2' },
    { id: 'c-idle', name: 'Idle', status: 'active', linkedinAccountId: 'acc-3' },
    { id: 'c-old', name: 'Old', status: 'completed', linkedinAccountId: 'acc-1' },
  ],
  accounts: [
    { id: 'acc-1', name: 'Sam' },
    { id: 'acc-2', name: 'Kim' },
    { id: 'acc-3', name: 'Lee' },
  ],
};

const row = (
  leadId: string | null,
  campaignId: string | null,
  accountId: string | null,
  counts: Partial<LeadActivityRow>,
): LeadActivityRow => ({
  leadId,
  campaignId,
  linkedinAccountId: accountId,
  invitesSent: 0,
  accepted: 0,
  messagesSent: 0,
  replies: 0,
  ...counts,
});

const h = (n: number): number => n * 3_600_000;
const firstReply = (leadId: string, campaignId: string, accountId: string, delayHours: number | null): FirstReplyRow => ({
  leadId,
  campaignId,
  linkedinAccountId: accountId,
  firstReplyAt: new Date('2026-03-25T12:00:00Z'),
  firstOutboundAt: delayHours === null ? null : new Date(new Date('2026-03-25T12:00:00Z').getTime() - h(delayHours)),
});

describe('median', () => {
  it('takes the middle value, the mean of the two middle ones for an even count, and null for none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('aggregateWeeklyReport', () => {
  const activity = [
    row('l1', 'c-a', 'acc-1', { invitesSent: 1, accepted: 1 }),
    row('l2', 'c-a', 'acc-1', { invitesSent: 1, messagesSent: 1, replies: 3 }),
    row('l3', 'c-a', 'acc-1', { replies: 1 }),
    // The same lead under two accounts (its campaign moved): counted once for the client and the campaign.
    row('l4', 'c-b', 'acc-2', { messagesSent: 1 }),
    row('l4', 'c-b', 'acc-1', { messagesSent: 1, replies: 1 }),
    row(null, null, 'acc-2', { invitesSent: 1 }),
  ];
  const firsts = [
    firstReply('l2', 'c-a', 'acc-1', 10),
    firstReply('l3', 'c-a', 'acc-1', 30),
    firstReply('l4', 'c-b', 'acc-1', 2),
    firstReply('l9', 'c-a', 'acc-1', null),
  ];
  const result = aggregateWeeklyReport(activity, firsts, entities);

  it('sums counts and counts distinct leads for the client', () => {
    expect(result.totals).toEqual({
      invitesSent: 3,
      accepted: 1,
      acceptanceRate: 1 / 3,
      messagesSent: 3,
      replies: 5,
      leadsContacted: 3,
      leadsReplied: 3,
      replyRate: 1,
      firstReplies: 3,
      medianTimeToFirstReplyMs: h(10),
    });
  });

  it('has a row per campaign with activity, every active campaign, and the events without one', () => {
    expect(result.campaigns.map((c) => [c.name, c.invitesSent, c.messagesSent, c.replies, c.leadsContacted, c.leadsReplied])).toEqual([
      ['Alpha', 2, 1, 4, 2, 2],
      ['Beta', 0, 2, 1, 1, 1],
      ['Idle', 0, 0, 0, 0, 0],
      ['Without campaign', 1, 0, 0, 0, 0],
    ]);
    const alpha = result.campaigns.find((c) => c.name === 'Alpha');
    expect(alpha).toMatchObject({
      campaignId: 'c-a',
      status: 'active',
      acceptanceRate: 0.5,
      replyRate: 1,
      medianTimeToFirstReplyMs: h(20),
      firstReplies: 2,
    });
    expect(result.campaigns.find((c) => c.name === 'Idle')).toMatchObject({
      acceptanceRate: null,
      replyRate: null,
      medianTimeToFirstReplyMs: null,
    });
  });

  it('has a row per account with activity and per account running an active campaign', () => {
    expect(
      result.accounts.map((a) => [
        a.name,
        a.invitesSent,
        a.messagesSent,
        a.replies,
        a.leadsContacted,
        a.leadsReplied,
        a.medianTimeToFirstReplyMs,
      ]),
    ).toEqual([
      ['Kim', 1, 1, 0, 1, 0, null],
      ['Lee', 0, 0, 0, 0, 0, null],
      ['Sam', 2, 2, 5, 3, 3, h(10)],
    ]);
  });

  it('lets the rate exceed 100% when replies answer earlier weeks', () => {
    const r = aggregateWeeklyReport(
      [
        row('l1', 'c-a', 'acc-1', { messagesSent: 1 }),
        row('l2', 'c-a', 'acc-1', { replies: 1 }),
        row('l3', 'c-a', 'acc-1', { replies: 2 }),
      ],
      [],
      entities,
    );
    expect(r.totals.replyRate).toBe(2);
  });
});
