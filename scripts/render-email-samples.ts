/**
 * Renders the platform's emails from fixture data into docs/ so a reviewer can open them in a
 * browser: `npx tsx --conditions=@outreach/source scripts/render-email-samples.ts`.
 * Rendering is pure, so these files change only when a template does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderReplyDigest, renderReplyNotification, type ReplySummary } from '@outreach/email';
import {
  renderWeeklyReport,
  signUnsubscribeToken,
  weekRange,
  DEV_UNSUBSCRIBE_SECRET,
  type ReportMetrics,
  type WeeklyReport,
} from '@outreach/reports';

const docs = path.resolve(__dirname, '..', 'docs');

const write = (name: string, html: string): string => {
  mkdirSync(docs, { recursive: true });
  const file = path.join(docs, name);
  writeFileSync(file, html.endsWith('\n') ? html : `${html}\n`);
  return file;
};

const replyFixture: ReplySummary = {
  leadId: '3f0c9a52-7d1e-4b8a-9c61-2a5e8d4b7f10',
  leadName: 'Ana Silva',
  leadHeadline: 'Head of Revenue Operations at Northwind & Co',
  campaignName: 'Q3 – RevOps leaders DACH',
  accountName: 'Sam Sender',
  profileUrl: 'https://www.linkedin.com/in/ana-silva-revops/',
  replyText:
    'Hi Sam,\n\nthanks for reaching out — timing is actually good, we are reviewing our outbound stack this quarter.\nCould we talk Tuesday at 10:00? <3',
  repliedAt: new Date('2026-03-03T13:05:00Z'),
};
const context = { appBaseUrl: 'https://app.outreach.example', timeZone: 'Europe/Berlin', clientName: 'Northwind Agency' };

/** The reply notification (and a three-reply digest) from fixture data. */
export function renderReplySamples(): string[] {
  const single = renderReplyNotification(replyFixture, context);
  const digest = renderReplyDigest(
    [
      replyFixture,
      {
        ...replyFixture,
        leadId: '9b2f4c11-0e6a-4d3b-8f27-5c1d9e0a6b42',
        leadName: 'Jonas Weber',
        leadHeadline: 'VP Sales at Fabrikam',
        replyText: 'Not right now, ping me in September.',
        repliedAt: new Date('2026-03-03T13:12:00Z'),
      },
      {
        ...replyFixture,
        leadId: 'c4e8a7d3-5f21-4a90-b6c2-7e3d1f8a9b05',
        leadName: 'Lea Braun',
        leadHeadline: null,
        profileUrl: null,
        replyText: 'Sure — send me a deck.',
        repliedAt: new Date('2026-03-03T13:20:00Z'),
      },
    ],
    { ...context, windowMinutes: 30 },
  );
  return [write('sample-reply-notification.html', single.html), write('sample-reply-digest.html', digest.html)];
}

const H = 3_600_000;
const metrics = (m: Omit<ReportMetrics, 'acceptanceRate' | 'replyRate'>): ReportMetrics => ({
  ...m,
  acceptanceRate: m.invitesSent ? m.accepted / m.invitesSent : null,
  replyRate: m.leadsContacted ? m.leadsReplied / m.leadsContacted : null,
});

/** A London client's week with the clocks going forward (2026-W13), two campaigns on two accounts. */
const reportFixture = (): WeeklyReport => {
  const client = { id: '7c1e2f0a-4b5d-4e6f-8a9b-0c1d2e3f4a5b', name: 'Northwind Agency', timezone: 'Europe/London' };
  const founders = metrics({
    invitesSent: 58,
    accepted: 19,
    messagesSent: 41,
    replies: 9,
    leadsContacted: 83,
    leadsReplied: 7,
    firstReplies: 5,
    medianTimeToFirstReplyMs: 31.5 * H,
  });
  const ctos = metrics({
    invitesSent: 42,
    accepted: 12,
    messagesSent: 22,
    replies: 4,
    leadsContacted: 57,
    leadsReplied: 4,
    firstReplies: 3,
    medianTimeToFirstReplyMs: 54 * H,
  });
  const idle = metrics({
    invitesSent: 0,
    accepted: 0,
    messagesSent: 0,
    replies: 0,
    leadsContacted: 0,
    leadsReplied: 0,
    firstReplies: 0,
    medianTimeToFirstReplyMs: null,
  });
  const totals = metrics({
    invitesSent: 100,
    accepted: 31,
    messagesSent: 63,
    replies: 13,
    leadsContacted: 140,
    leadsReplied: 11,
    firstReplies: 8,
    medianTimeToFirstReplyMs: 40 * H,
  });
  const reply = (leadId: string, leadName: string, campaignName: string, text: string | null, at: string) => ({
    leadId,
    leadName,
    profileUrl: `https://www.linkedin.com/in/${leadName.toLowerCase().replace(/[^a-z]+/g, '-')}/`,
    campaignId: null,
    campaignName,
    text,
    at: new Date(at),
  });
  return {
    client,
    week: '2026-W13',
    range: weekRange('2026-W13', client.timezone),
    totals,
    campaigns: [
      { campaignId: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'CTOs – UK fintech', status: 'active', ...ctos },
      { campaignId: 'a1b2c3d4-0000-4000-8000-000000000002', name: 'Founders <Series A>', status: 'active', ...founders },
      { campaignId: 'a1b2c3d4-0000-4000-8000-000000000003', name: 'Spring events follow-up', status: 'active', ...idle },
    ],
    accounts: [
      { linkedinAccountId: 'b1b2c3d4-0000-4000-8000-000000000001', name: 'Kim Sender', ...ctos },
      { linkedinAccountId: 'b1b2c3d4-0000-4000-8000-000000000002', name: 'Sam Sender', ...founders },
    ],
    replies: [
      reply(
        'd1000000-0000-4000-8000-000000000001',
        'Ana Silva',
        'Founders <Series A>',
        'Thanks Sam — timing is good.\nCould we talk Tuesday at 10:00? <3',
        '2026-03-23T10:12:00Z',
      ),
      reply(
        'd1000000-0000-4000-8000-000000000002',
        'Jonas Weber',
        'CTOs – UK fintech',
        'Not right now, ping me in September.',
        '2026-03-24T16:40:00Z',
      ),
      reply('d1000000-0000-4000-8000-000000000003', 'Lea Braun', 'Founders <Series A>', null, '2026-03-26T08:05:00Z'),
      reply(
        'd1000000-0000-4000-8000-000000000004',
        "Tom O'Neil",
        'CTOs – UK fintech',
        'Send me a deck & pricing, please.',
        '2026-03-29T22:45:00Z',
      ),
    ],
    omittedReplies: 9,
    inbox: { repliesAnswered: 14, medianFirstResponseMs: (2 * 60 + 15) * 60_000 },
  };
};

/** The weekly report as one recipient receives it, with a development-signed unsubscribe link. */
export function renderReportSamples(): string[] {
  const report = reportFixture();
  const token = signUnsubscribeToken(DEV_UNSUBSCRIBE_SECRET, {
    clientId: report.client.id,
    email: 'ops@northwind.example',
    list: 'weekly_report',
  });
  const rendered = renderWeeklyReport(report, {
    unsubscribeUrl: `https://api.outreach.example/api/unsubscribe?token=${token}`,
    appBaseUrl: context.appBaseUrl,
  });
  return [write('sample-weekly-report.html', rendered.html)];
}

function main(): void {
  const written = [...renderReplySamples(), ...renderReportSamples()];
  for (const file of written) process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

main();
