import { randomUUID } from 'node:crypto';
import { createDatabase, events, messages, type Database, type EventType } from '@outreach/db';
import { insertAccount, insertCampaign, insertClient, insertLead, testDatabaseUrl } from '@outreach/testing';
import { buildWeeklyReport } from './build-report';

/**
 * Hand-computed fixtures for two clients whose report weeks hold a DST change:
 * - London, 2026-W13 (clocks forward Sun 29 Mar): Mon 23 Mar 00:00 GMT = 00:00Z → Mon 30 Mar 00:00 BST = 29 Mar 23:00Z (167 h).
 * - Los Angeles, 2026-W44 (clocks back Sun 1 Nov): Mon 26 Oct 00:00 PDT = 07:00Z → Mon 2 Nov 00:00 PST = 08:00Z (169 h).
 * Events sit one second either side of those edges, where a UTC week or a fixed offset would misfile them.
 */
let database: Database;
const H = 3_600_000;

beforeAll(() => {
  database = createDatabase(testDatabaseUrl(), { max: 4 });
});
afterAll(async () => {
  await database.close();
});

type Lead = { id: string; clientId: string; campaignId: string };
interface Ctx {
  accountOf: Map<string, string>;
}

async function event(ctx: Ctx, lead: Lead, type: EventType, at: string, text?: string | null): Promise<void> {
  const accountId = ctx.accountOf.get(lead.campaignId) as string;
  const externalId = type === 'message_received' ? `msg_${randomUUID()}` : null;
  await database.db.insert(events).values({
    clientId: lead.clientId,
    campaignId: lead.campaignId,
    leadId: lead.id,
    linkedinAccountId: accountId,
    type,
    externalId,
    occurredAt: new Date(at),
  });
  if (externalId && text !== undefined) {
    await database.db.insert(messages).values({
      clientId: lead.clientId,
      linkedinAccountId: accountId,
      leadId: lead.id,
      chatId: `chat_${lead.id}`,
      externalMessageId: externalId,
      direction: 'inbound',
      text,
      sentAt: new Date(at),
      detection: 'webhook',
    });
  }
}

async function londonFixture() {
  const client = await insertClient(database.db, { name: 'London Ltd', timezone: 'Europe/London' });
  const sam = await insertAccount(database.db, client.id, { name: 'Sam' });
  const kim = await insertAccount(database.db, client.id, { name: 'Kim' });
  const founders = await insertCampaign(database.db, client.id, sam.id, { name: 'Founders UK' });
  const ctos = await insertCampaign(database.db, client.id, kim.id, { name: 'CTOs' });
  const archive = await insertCampaign(database.db, client.id, sam.id, { name: 'Archive', status: 'completed' });
  const ctx: Ctx = {
    accountOf: new Map([
      [founders.id, sam.id],
      [ctos.id, kim.id],
      [archive.id, sam.id],
    ]),
  };
  const lead = (campaign: typeof founders, firstName: string) => insertLead(database.db, campaign, { firstName, lastName: 'L' });
  const [l1, l2, l3, l4, l5, l6, l7, l8] = (await Promise.all([
    lead(founders, 'Lena'),
    lead(founders, 'Liam'),
    lead(founders, 'Lou'),
    lead(ctos, 'Lars'),
    lead(ctos, 'Lea'),
    lead(ctos, 'Lia'),
    lead(ctos, 'Leo'),
    lead(founders, 'Lyn'),
  ])) as [Lead, Lead, Lead, Lead, Lead, Lead, Lead, Lead];
  await event(ctx, l1, 'connection_request_sent', '2026-03-16T10:00:00Z');
  await event(ctx, l1, 'connection_accepted', '2026-03-23T09:00:00Z');
  await event(ctx, l1, 'message_sent', '2026-03-24T10:00:00Z');
  await event(ctx, l1, 'message_received', '2026-03-25T10:00:00Z', 'Yes <b>please</b> & thanks');
  await event(ctx, l1, 'message_received', '2026-03-25T11:00:00Z', 'Also: Tuesday?');
  await event(ctx, l2, 'connection_request_sent', '2026-03-23T00:00:00Z'); // Mon 00:00 GMT: first instant, in
  await event(ctx, l2, 'message_failed', '2026-03-24T10:00:00Z');
  await event(ctx, l3, 'connection_request_sent', '2026-03-22T23:59:59Z'); // Sun 23:59:59 GMT: W12
  await event(ctx, l3, 'connection_accepted', '2026-03-29T22:59:59Z'); // Sun 23:59:59 BST: last second, in
  await event(ctx, l3, 'message_received', '2026-03-29T23:30:00Z', 'Late one'); // Mon 00:30 BST: W14
  await event(ctx, l4, 'connection_request_sent', '2026-03-29T22:59:59Z'); // in
  await event(ctx, l5, 'connection_request_sent', '2026-03-29T23:00:00Z'); // Mon 00:00 BST: W14
  await event(ctx, l5, 'connection_request_failed', '2026-03-25T10:00:00Z');
  await event(ctx, l6, 'message_received', '2026-03-10T12:00:00Z', 'Earlier reply');
  await event(ctx, l6, 'connection_accepted_historical', '2026-03-24T12:00:00Z');
  await event(ctx, l6, 'message_sent', '2026-03-24T13:00:00Z');
  await event(ctx, l6, 'message_received', '2026-03-26T15:00:00Z', 'Following up');
  await event(ctx, l7, 'connection_request_sent', '2026-03-20T09:00:00Z');
  await event(ctx, l7, 'message_sent', '2026-03-27T09:00:00Z');
  await event(ctx, l7, 'message_received', '2026-03-27T09:30:00Z', 'Interested');
  await event(ctx, l8, 'message_received', '2026-03-24T08:00:00Z'); // never contacted; no message row
  return { client, sam, kim, founders, ctos };
}

async function losAngelesFixture() {
  const client = await insertClient(database.db, { name: 'Pacific Inc', timezone: 'America/Los_Angeles' });
  const ana = await insertAccount(database.db, client.id, { name: 'Ana' });
  const west = await insertCampaign(database.db, client.id, ana.id, { name: 'West' });
  const ctx: Ctx = { accountOf: new Map([[west.id, ana.id]]) };
  const [p1, p2, p3, p4, p5, p6] = (await Promise.all(
    ['Pia', 'Pat', 'Pam', 'Pax', 'Pei', 'Poe'].map((firstName) => insertLead(database.db, west, { firstName, lastName: 'P' })),
  )) as Lead[] as [Lead, Lead, Lead, Lead, Lead, Lead];
  await event(ctx, p1, 'connection_request_sent', '2026-10-26T06:59:59Z'); // Sun 23:59:59 PDT: W43
  await event(ctx, p1, 'message_received', '2026-11-02T09:00:00Z', 'Next week'); // Mon 01:00 PST: W45
  await event(ctx, p2, 'connection_request_sent', '2026-10-26T07:00:00Z'); // Mon 00:00 PDT: in
  await event(ctx, p2, 'connection_accepted', '2026-10-28T17:00:00Z');
  await event(ctx, p2, 'message_sent', '2026-10-28T17:05:00Z');
  await event(ctx, p2, 'message_received', '2026-11-01T08:30:00Z', 'Sure'); // Sun 01:30 PDT, before the repeat hour
  await event(ctx, p3, 'connection_request_sent', '2026-11-02T07:30:00Z'); // Sun 23:30 PST: in (a PDT week would end at 07:00Z)
  await event(ctx, p4, 'connection_request_sent', '2026-11-02T08:00:00Z'); // Mon 00:00 PST: W45
  await event(ctx, p5, 'message_sent', '2026-10-30T16:00:00Z');
  await event(ctx, p5, 'message_received', '2026-11-02T07:00:00Z', 'Call me'); // Sun 23:00 PST: in
  await event(ctx, p6, 'connection_request_failed', '2026-10-27T16:00:00Z');
  await event(ctx, p6, 'message_failed', '2026-10-27T16:00:00Z');
  return { client, ana, west };
}

describe('buildWeeklyReport', () => {
  it('counts London 2026-W13 (167 h, clocks forward) as computed by hand', async () => {
    const f = await londonFixture();
    const report = await buildWeeklyReport(database.db, f.client.id, '2026-W13');

    expect(report.client).toEqual({ id: f.client.id, name: 'London Ltd', timezone: 'Europe/London' });
    expect(report.range).toEqual({ start: new Date('2026-03-23T00:00:00Z'), end: new Date('2026-03-29T23:00:00Z') });
    expect(report.totals).toEqual({
      invitesSent: 2, // l2, l4
      accepted: 2, // l1, l3 (l6's is historical)
      acceptanceRate: 1,
      messagesSent: 3, // l1, l6, l7
      replies: 5, // l1 ×2, l6, l7, l8
      leadsContacted: 5, // l1, l2, l4, l6, l7
      leadsReplied: 4, // l1, l6, l7, l8
      replyRate: 0.8,
      firstReplies: 2, // l1 (216 h after its invite), l7 (168.5 h); l6 replied before, l8 was never contacted
      medianTimeToFirstReplyMs: 192.25 * H,
    });
    expect(report.campaigns).toEqual([
      {
        campaignId: f.ctos.id,
        name: 'CTOs',
        status: 'active',
        invitesSent: 1,
        accepted: 0,
        acceptanceRate: 0,
        messagesSent: 2,
        replies: 2,
        leadsContacted: 3,
        leadsReplied: 2,
        replyRate: 2 / 3,
        firstReplies: 1,
        medianTimeToFirstReplyMs: 168.5 * H,
      },
      {
        campaignId: f.founders.id,
        name: 'Founders UK',
        status: 'active',
        invitesSent: 1,
        accepted: 2,
        acceptanceRate: 2,
        messagesSent: 1,
        replies: 3,
        leadsContacted: 2,
        leadsReplied: 2,
        replyRate: 1,
        firstReplies: 1,
        medianTimeToFirstReplyMs: 216 * H,
      },
    ]);
    expect(
      report.accounts.map((a) => [
        a.name,
        a.linkedinAccountId,
        a.invitesSent,
        a.accepted,
        a.messagesSent,
        a.replies,
        a.replyRate,
        a.medianTimeToFirstReplyMs,
      ]),
    ).toEqual([
      ['Kim', f.kim.id, 1, 0, 2, 2, 2 / 3, 168.5 * H],
      ['Sam', f.sam.id, 1, 2, 1, 3, 1, 216 * H],
    ]);
    expect(report.replies.map((r) => [r.leadName, r.campaignName, r.text, r.at.toISOString()])).toEqual([
      ['Lyn L', 'Founders UK', null, '2026-03-24T08:00:00.000Z'],
      ['Lena L', 'Founders UK', 'Yes <b>please</b> & thanks', '2026-03-25T10:00:00.000Z'],
      ['Lena L', 'Founders UK', 'Also: Tuesday?', '2026-03-25T11:00:00.000Z'],
      ['Lia L', 'CTOs', 'Following up', '2026-03-26T15:00:00.000Z'],
      ['Leo L', 'CTOs', 'Interested', '2026-03-27T09:30:00.000Z'],
    ]);
    expect(report.omittedReplies).toBe(0);
  });

  it('files the events past London W13 under W14', async () => {
    const f = await londonFixture();
    const report = await buildWeeklyReport(database.db, f.client.id, '2026-W14');
    // l5's invite at Mon 00:00 BST; l3's reply at 00:30 BST, its first, 6 d 23 h 30 min 1 s after its invite.
    expect(report.totals).toMatchObject({
      invitesSent: 1,
      accepted: 0,
      replies: 1,
      leadsReplied: 1,
      firstReplies: 1,
      medianTimeToFirstReplyMs: (167.5 * 3600 + 1) * 1000,
    });
    expect(report.replies.map((r) => r.text)).toEqual(['Late one']);
  });

  it('counts Los Angeles 2026-W44 (169 h, clocks back) as computed by hand', async () => {
    const f = await losAngelesFixture();
    const report = await buildWeeklyReport(database.db, f.client.id, '2026-W44');

    expect(report.range).toEqual({ start: new Date('2026-10-26T07:00:00Z'), end: new Date('2026-11-02T08:00:00Z') });
    const expected = {
      invitesSent: 2, // p2 (first instant), p3 (Sun 23:30 PST)
      accepted: 1,
      acceptanceRate: 0.5,
      messagesSent: 2, // p2, p5
      replies: 2, // p2, p5
      leadsContacted: 3,
      leadsReplied: 2,
      replyRate: 2 / 3,
      firstReplies: 2, // p2: 145.5 h after its invite; p5: 63 h after its message
      medianTimeToFirstReplyMs: 104.25 * H,
    };
    expect(report.totals).toEqual(expected);
    expect(report.campaigns).toEqual([{ campaignId: f.west.id, name: 'West', status: 'active', ...expected }]);
    expect(report.accounts).toEqual([{ linkedinAccountId: f.ana.id, name: 'Ana', ...expected }]);
    expect(report.replies.map((r) => r.text)).toEqual(['Sure', 'Call me']);
  });

  it('gives an empty week of a client with an idle active campaign a zero row', async () => {
    const f = await losAngelesFixture();
    const report = await buildWeeklyReport(database.db, f.client.id, '2026-W40');
    expect(report.totals).toMatchObject({
      invitesSent: 0,
      replies: 0,
      acceptanceRate: null,
      replyRate: null,
      medianTimeToFirstReplyMs: null,
    });
    expect(report.campaigns.map((c) => [c.name, c.invitesSent])).toEqual([['West', 0]]);
    expect(report.replies).toEqual([]);
  });

  it("counts the inbox's answered replies and operators' median first response as computed by hand", async () => {
    const client = await insertClient(database.db, { name: 'Inbox Ltd', timezone: 'Europe/London' });
    const sam = await insertAccount(database.db, client.id, { name: 'Sam' });
    const campaign = await insertCampaign(database.db, client.id, sam.id, { name: 'Founders' });
    const [a, b, c, d, e] = await Promise.all(
      ['Ada', 'Bea', 'Cy', 'Dov', 'Eli'].map((firstName) => insertLead(database.db, campaign, { firstName })),
    );
    const touch = (lead: { id: string }, kind: 'reply' | 'operator' | 'sequence', at: string) =>
      database.db.insert(events).values({
        clientId: client.id,
        campaignId: campaign.id,
        leadId: lead.id,
        linkedinAccountId: sam.id,
        type: kind === 'reply' ? 'message_received' : 'message_sent',
        externalId: `msg_${randomUUID()}`,
        occurredAt: new Date(at),
        meta: kind === 'operator' ? { origin: 'inbox' } : kind === 'sequence' ? { step: 1 } : {},
      });
    await touch(a!, 'reply', '2026-03-22T22:00:00Z'); // Sun 22:00 GMT, W12: waits over the week's start
    await touch(a!, 'operator', '2026-03-23T09:00:00Z'); // answered Mon: 11 h, this week's
    await touch(b!, 'reply', '2026-03-24T10:00:00Z');
    await touch(b!, 'reply', '2026-03-24T10:30:00Z'); // same wait
    await touch(b!, 'operator', '2026-03-24T12:00:00Z'); // 2 h from the first message
    await touch(b!, 'operator', '2026-03-24T15:00:00Z'); // a follow-up: nobody was waiting
    await touch(b!, 'reply', '2026-03-25T09:00:00Z');
    await touch(b!, 'operator', '2026-03-25T09:20:00Z'); // 20 min
    await touch(c!, 'reply', '2026-03-29T22:30:00Z'); // Sun 23:30 BST, in W13
    await touch(c!, 'operator', '2026-03-29T23:10:00Z'); // Mon 00:10 BST: answered in W14 (40 min)
    await touch(d!, 'reply', '2026-03-24T07:00:00Z');
    await touch(d!, 'sequence', '2026-03-24T08:00:00Z'); // a sequence message answers nothing
    await touch(e!, 'reply', '2026-03-16T10:00:00Z');
    await touch(e!, 'operator', '2026-03-16T11:00:00Z'); // answered in W12
    await touch(e!, 'operator', '2026-03-26T10:00:00Z'); // W13 follow-up: nothing waiting

    // W13: 11 h (Ada), 2 h and 20 min (Bea) → 3 answered, median 2 h.
    const w13 = await buildWeeklyReport(database.db, client.id, '2026-W13');
    expect(w13.inbox).toEqual({ repliesAnswered: 3, medianFirstResponseMs: 2 * H });
    const w14 = await buildWeeklyReport(database.db, client.id, '2026-W14');
    expect(w14.inbox).toEqual({ repliesAnswered: 1, medianFirstResponseMs: 40 * 60_000 });
    const w12 = await buildWeeklyReport(database.db, client.id, '2026-W12');
    expect(w12.inbox).toEqual({ repliesAnswered: 1, medianFirstResponseMs: 1 * H });
    const w15 = await buildWeeklyReport(database.db, client.id, '2026-W15');
    expect(w15.inbox).toEqual({ repliesAnswered: 0, medianFirstResponseMs: null });
  });

  it('refuses an unknown client and a malformed week', async () => {
    await expect(buildWeeklyReport(database.db, randomUUID(), '2026-W13')).rejects.toThrow(/not found/);
    const f = await losAngelesFixture();
    await expect(buildWeeklyReport(database.db, f.client.id, '2025-W53')).rejects.toThrow(RangeError);
  });
});
