import { escapeHtml, safeHttpUrl } from '../escape';
import type { RenderedEmail } from '../types';
import { button, escapeMultiline, formatWhen, layout, oneLine, truncate } from './layout';

/** One reply as the notification shows it; built by the notifier from the event, lead and campaign. */
export interface ReplySummary {
  leadId: string;
  /** "Jane Doe"; empty when the lead has no name (the profile link then identifies them). */
  leadName: string;
  /** Title and company, when known. */
  leadHeadline?: string | null;
  campaignName: string;
  /** The LinkedIn account that received the reply. */
  accountName?: string | null;
  profileUrl: string | null;
  replyText: string | null;
  repliedAt: Date;
}

export interface ReplyRenderContext {
  /** Dashboard base URL (`APP_BASE_URL`), for the conversation links. */
  appBaseUrl: string;
  /** The client's IANA zone, for the times shown. */
  timeZone?: string;
  clientName?: string;
}

const REPLY_TEXT_LIMIT = 2000;
const DIGEST_TEXT_LIMIT = 500;

/** The dashboard page of a lead's conversation. */
export function conversationUrl(appBaseUrl: string, leadId: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}/leads/${encodeURIComponent(leadId)}/conversation`;
}

const displayName = (reply: ReplySummary): string => oneLine(reply.leadName) || 'A lead';

function replyBlockHtml(reply: ReplySummary, ctx: ReplyRenderContext, textLimit: number): string {
  const profile = safeHttpUrl(reply.profileUrl);
  const name = escapeHtml(displayName(reply));
  const details = [
    reply.leadHeadline ? escapeHtml(oneLine(reply.leadHeadline)) : null,
    `Campaign: ${escapeHtml(oneLine(reply.campaignName))}`,
    reply.accountName ? `Account: ${escapeHtml(oneLine(reply.accountName))}` : null,
    escapeHtml(formatWhen(reply.repliedAt, ctx.timeZone)),
  ].filter((line): line is string => line !== null);
  const text = reply.replyText ? escapeMultiline(truncate(reply.replyText, textLimit)) : '<em>(no text: attachment or reaction)</em>';
  return [
    `<h2 style="margin:0 0 4px;font-size:18px">${profile ? `<a href="${escapeHtml(profile)}" style="color:#0a66c2;text-decoration:none">${name}</a>` : name}</h2>`,
    `<p style="margin:0 0 12px;font-size:13px;color:#4b5563">${details.join('<br>')}</p>`,
    `<blockquote style="margin:0 0 16px;padding:12px 16px;background:#f9fafb;border-left:4px solid #0a66c2;white-space:normal">${text}</blockquote>`,
    `<p style="margin:0 0 8px">${button(conversationUrl(ctx.appBaseUrl, reply.leadId), 'Open the conversation')}${
      profile ? ` &nbsp; <a href="${escapeHtml(profile)}" style="color:#0a66c2">LinkedIn profile</a>` : ''
    }</p>`,
  ].join('\n');
}

function replyBlockText(reply: ReplySummary, ctx: ReplyRenderContext, textLimit: number): string {
  const profile = safeHttpUrl(reply.profileUrl);
  return [
    `${displayName(reply)}${reply.leadHeadline ? ` (${oneLine(reply.leadHeadline)})` : ''}`,
    `Campaign: ${oneLine(reply.campaignName)}`,
    ...(reply.accountName ? [`Account: ${oneLine(reply.accountName)}`] : []),
    `When: ${formatWhen(reply.repliedAt, ctx.timeZone)}`,
    '',
    ...(reply.replyText
      ? truncate(reply.replyText, textLimit)
          .split(/\r?\n/)
          .map((line) => `> ${line}`)
      : ['(no text: attachment or reaction)']),
    '',
    `Conversation: ${conversationUrl(ctx.appBaseUrl, reply.leadId)}`,
    ...(profile ? [`LinkedIn profile: ${profile}`] : []),
  ].join('\n');
}

const footerHtml = (ctx: ReplyRenderContext): string =>
  `You receive this because you are a notification recipient${ctx.clientName ? ` of ${escapeHtml(oneLine(ctx.clientName))}` : ''}. Change recipients or the digest window in the notification settings.`;
const footerText = (ctx: ReplyRenderContext): string =>
  `You receive this because you are a notification recipient${ctx.clientName ? ` of ${oneLine(ctx.clientName)}` : ''}. Change recipients or the digest window in the notification settings.`;

/** One reply, sent at once (digest window 0). Pure: data in, subject/html/text out. */
export function renderReplyNotification(reply: ReplySummary, ctx: ReplyRenderContext): RenderedEmail {
  const subject = oneLine(`${displayName(reply)} replied · ${oneLine(reply.campaignName)}`);
  const preview = reply.replyText ? truncate(oneLine(reply.replyText), 120) : 'New reply on LinkedIn';
  const html = layout({
    title: subject,
    preheader: preview,
    body: `<p style="margin:0 0 16px;font-size:14px;color:#4b5563">New reply on LinkedIn</p>\n${replyBlockHtml(reply, ctx, REPLY_TEXT_LIMIT)}`,
    footer: footerHtml(ctx),
  });
  const text = ['New reply on LinkedIn', '', replyBlockText(reply, ctx, REPLY_TEXT_LIMIT), '', '--', footerText(ctx)].join('\n');
  return { subject, html, text };
}

/** Several replies in one email (digest window N > 0), oldest first. */
export function renderReplyDigest(replies: ReplySummary[], ctx: ReplyRenderContext & { windowMinutes: number }): RenderedEmail {
  if (replies.length === 0) throw new Error('a reply digest needs at least one reply');
  const ordered = [...replies].sort((a, b) => a.repliedAt.getTime() - b.repliedAt.getTime());
  const count = ordered.length;
  const noun = count === 1 ? 'reply' : 'replies';
  const names = ordered.map(displayName);
  const who = names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} others`;
  const subject = oneLine(`${count} new LinkedIn ${noun}: ${who}`);
  const intro = `${count} new ${noun} in the last ${ctx.windowMinutes} minute${ctx.windowMinutes === 1 ? '' : 's'}${ctx.clientName ? ` for ${oneLine(ctx.clientName)}` : ''}`;
  const divider = '<hr style="border:none;border-top:1px solid #e5e7eb;margin:20px 0">';
  const html = layout({
    title: subject,
    preheader: intro,
    body: `<p style="margin:0 0 16px;font-size:14px;color:#4b5563">${escapeHtml(intro)}</p>\n${ordered.map((r) => replyBlockHtml(r, ctx, DIGEST_TEXT_LIMIT)).join(`\n${divider}\n`)}`,
    footer: footerHtml(ctx),
  });
  const text = [
    intro,
    '',
    ordered.map((r) => replyBlockText(r, ctx, DIGEST_TEXT_LIMIT)).join('\n\n----\n\n'),
    '',
    '--',
    footerText(ctx),
  ].join('\n');
  return { subject, html, text };
}
