import {
  button,
  conversationUrl,
  EMAIL_COLORS,
  escapeHtml,
  escapeMultiline,
  layout,
  oneLine,
  safeHttpUrl,
  truncate,
} from '@outreach/email';
import { formatDuration, formatLocalTime, formatRate, formatWeekSpan } from './format';
import type { InboxReportMetrics, ReportMetrics, ReportReply, WeeklyReport } from './report';

export interface RenderReportOptions {
  /** This recipient's signed unsubscribe link; null renders no link (previews). */
  unsubscribeUrl: string | null;
  /** Dashboard base URL (`APP_BASE_URL`). */
  appBaseUrl: string;
}

const REPLY_TEXT_LIMIT = 500;
const BLUE = EMAIL_COLORS.link;
const MUTED = EMAIL_COLORS.muted;

interface Column {
  label: string;
  value: (m: ReportMetrics) => string;
}

const COLUMNS: Column[] = [
  { label: 'Invites', value: (m) => String(m.invitesSent) },
  { label: 'Accepted', value: (m) => String(m.accepted) },
  { label: 'Acceptance', value: (m) => formatRate(m.acceptanceRate) },
  { label: 'Messages', value: (m) => String(m.messagesSent) },
  { label: 'Replies', value: (m) => String(m.replies) },
  { label: 'Reply rate', value: (m) => formatRate(m.replyRate) },
  { label: 'Median 1st reply', value: (m) => formatDuration(m.medianTimeToFirstReplyMs) },
];

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const tiles = (m: ReportMetrics): Array<[string, string, string]> => [
  ['Invites sent', String(m.invitesSent), `${m.accepted} accepted`],
  ['Acceptance rate', formatRate(m.acceptanceRate), 'accepted ÷ invites sent'],
  ['Messages sent', String(m.messagesSent), `${plural(m.leadsContacted, 'lead')} contacted`],
  ['Replies', String(m.replies), `from ${plural(m.leadsReplied, 'lead')}`],
  ['Reply rate', formatRate(m.replyRate), 'leads replied ÷ contacted'],
  [
    'Median time to 1st reply',
    formatDuration(m.medianTimeToFirstReplyMs),
    `over ${plural(m.firstReplies, 'first reply', 'first replies')}`,
  ],
];

const inboxTiles = (m: InboxReportMetrics): Array<[string, string, string]> => [
  ['Replies answered', String(m.repliesAnswered), 'by operators from the inbox'],
  ['Median first response', formatDuration(m.medianFirstResponseMs), 'prospect message → operator reply'],
];

const rowName = (name: string): string => oneLine(name) || '(unnamed)';
const leadName = (reply: ReportReply): string => oneLine(reply.leadName) || 'Unknown lead';

/** Subject line: client and the week's local dates. */
export const reportSubject = (report: WeeklyReport): string =>
  oneLine(`Weekly outreach report · ${oneLine(report.client.name)} · ${formatWeekSpan(report.week)}`);

/** Tiles three to a row. */
function tilesHtml(all: Array<[string, string, string]>): string {
  const cell = ([label, value, note]: [string, string, string]): string =>
    `<td width="33%" style="padding:10px;border:1px solid #e5e7eb;vertical-align:top"><div style="font-size:12px;color:${MUTED}">${escapeHtml(label)}</div><div style="font-size:22px;font-weight:700;margin:2px 0">${escapeHtml(value)}</div><div style="font-size:12px;color:${MUTED}">${escapeHtml(note)}</div></td>`;
  const rows: string[] = [];
  for (let i = 0; i < all.length; i += 3)
    rows.push(
      `<tr>${all
        .slice(i, i + 3)
        .map(cell)
        .join('')}</tr>`,
    );
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 24px">${rows.join('')}</table>`;
}

function tableHtml(title: string, rows: ReadonlyArray<ReportMetrics & { name: string }>): string {
  const th = (label: string, align = 'right'): string =>
    `<th style="padding:6px;border-bottom:2px solid #e5e7eb;text-align:${align};font-size:12px;color:${MUTED}">${escapeHtml(label)}</th>`;
  const td = (value: string, align = 'right'): string =>
    `<td style="padding:6px;border-bottom:1px solid #f3f4f6;text-align:${align};font-size:13px">${escapeHtml(value)}</td>`;
  const body = rows.length
    ? rows.map((r) => `<tr>${td(rowName(r.name), 'left')}${COLUMNS.map((c) => td(c.value(r))).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${COLUMNS.length + 1}" style="padding:6px;font-size:13px;color:${MUTED}">No activity.</td></tr>`;
  return [
    `<h2 style="font-size:16px;margin:0 0 8px">${escapeHtml(title)}</h2>`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 24px">',
    `<tr>${th('', 'left')}${COLUMNS.map((c) => th(c.label)).join('')}</tr>`,
    body,
    '</table>',
  ].join('\n');
}

function repliesHtml(report: WeeklyReport, options: RenderReportOptions): string {
  const items = report.replies.map((reply) => {
    const profile = safeHttpUrl(reply.profileUrl);
    const name = escapeHtml(leadName(reply));
    const who = profile ? `<a href="${escapeHtml(profile)}" style="color:${BLUE};text-decoration:none">${name}</a>` : name;
    const link = reply.leadId
      ? ` · <a href="${escapeHtml(conversationUrl(options.appBaseUrl, reply.leadId))}" style="color:${BLUE}">conversation</a>`
      : '';
    const text = reply.text ? escapeMultiline(truncate(reply.text, REPLY_TEXT_LIMIT)) : '<em>(no text: attachment or reaction)</em>';
    return [
      `<p style="margin:0 0 4px;font-size:14px"><strong>${who}</strong> <span style="color:${MUTED};font-size:12px">· ${escapeHtml(rowName(reply.campaignName))} · ${escapeHtml(formatLocalTime(reply.at, report.client.timezone))}${link}</span></p>`,
      `<blockquote style="margin:0 0 14px;padding:8px 12px;background:#f9fafb;border-left:4px solid ${BLUE}">${text}</blockquote>`,
    ].join('\n');
  });
  const more =
    report.omittedReplies > 0 ? `<p style="font-size:13px;color:${MUTED}">…and ${report.omittedReplies} more in the dashboard.</p>` : '';
  const none = report.replies.length === 0 ? `<p style="font-size:13px;color:${MUTED}">No replies this week.</p>` : '';
  return [`<h2 style="font-size:16px;margin:0 0 8px">Replies this week</h2>`, ...items, none, more].filter(Boolean).join('\n');
}

function html(report: WeeklyReport, options: RenderReportOptions): string {
  const client = escapeHtml(oneLine(report.client.name));
  const span = escapeHtml(formatWeekSpan(report.week));
  const unsubscribe = options.unsubscribeUrl
    ? ` <a href="${escapeHtml(options.unsubscribeUrl)}" style="color:${MUTED}">Unsubscribe</a>.`
    : '';
  const body = [
    `<h1 style="font-size:22px;margin:0 0 4px">Weekly outreach report</h1>`,
    `<p style="margin:0 0 20px;color:${MUTED}">${client} · ${span} (${escapeHtml(report.week)}, ${escapeHtml(report.client.timezone)})</p>`,
    tilesHtml(tiles(report.totals)),
    `<h2 style="font-size:16px;margin:0 0 8px">Inbox</h2>`,
    tilesHtml(inboxTiles(report.inbox)),
    tableHtml('By campaign', report.campaigns),
    tableHtml('By LinkedIn account', report.accounts),
    repliesHtml(report, options),
    `<p style="margin:24px 0 0">${button(options.appBaseUrl, 'Open the dashboard')}</p>`,
  ].join('\n');
  const footer = `Counts cover Monday 00:00 to Sunday 24:00 in ${escapeHtml(report.client.timezone)}. Rates compare the week's acceptances and replying leads with the week's invites and contacted leads, so replies to earlier weeks' messages can lift them above 100%. You receive this weekly report for ${client}.${unsubscribe}`;
  // Wider than a reply notification: the tables have eight columns.
  return layout({
    title: reportSubject(report),
    preheader: `${report.totals.invitesSent} invites, ${report.totals.replies} replies`,
    body,
    footer,
    width: 640,
  });
}

function textTable(title: string, rows: ReadonlyArray<ReportMetrics & { name: string }>): string[] {
  if (rows.length === 0) return [title, '  No activity.', ''];
  return [
    title,
    ...rows.map((r) => `  ${rowName(r.name)}: ${COLUMNS.map((c) => `${c.label.toLowerCase()} ${c.value(r)}`).join(', ')}`),
    '',
  ];
}

function text(report: WeeklyReport, options: RenderReportOptions): string {
  const replies = report.replies.flatMap((reply) => [
    `- ${leadName(reply)} (${rowName(reply.campaignName)}), ${formatLocalTime(reply.at, report.client.timezone)}`,
    ...(reply.text
      ? truncate(reply.text, REPLY_TEXT_LIMIT)
          .split(/\r?\n/)
          .map((line) => `  > ${line}`)
      : ['  (no text: attachment or reaction)']),
    ...(reply.leadId ? [`  ${conversationUrl(options.appBaseUrl, reply.leadId)}`] : []),
  ]);
  return [
    `Weekly outreach report: ${oneLine(report.client.name)}`,
    `${formatWeekSpan(report.week)} (${report.week}, ${report.client.timezone})`,
    '',
    ...tiles(report.totals).map(([label, value, note]) => `${label}: ${value} (${note})`),
    '',
    'Inbox',
    ...inboxTiles(report.inbox).map(([label, value, note]) => `  ${label}: ${value} (${note})`),
    '',
    ...textTable('By campaign', report.campaigns),
    ...textTable('By LinkedIn account', report.accounts),
    'Replies this week',
    ...(replies.length ? replies : ['  No replies this week.']),
    ...(report.omittedReplies > 0 ? [`  …and ${report.omittedReplies} more in the dashboard.`] : []),
    '',
    `Dashboard: ${options.appBaseUrl}`,
    ...(options.unsubscribeUrl ? [`Unsubscribe from this weekly report: ${options.unsubscribeUrl}`] : []),
  ].join('\n');
}

/** Renders a weekly report for one recipient. Pure: data in, subject/html/text out; every piece of lead or client data is escaped. */
export function renderWeeklyReport(report: WeeklyReport, options: RenderReportOptions): { subject: string; html: string; text: string } {
  return { subject: reportSubject(report), html: html(report, options), text: text(report, options) };
}
