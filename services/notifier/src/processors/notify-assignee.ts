import { loadAssigneeNotice } from '@outreach/db';
import { escapeHtml, sendEmailOnce } from '@outreach/email';
import type { NotifyAssigneePayload } from '@outreach/queues';
import type { NotifierDeps } from '../deps';
import type { JobContext } from '../notifications';

const EXCERPT = 500;

export type NotifyAssigneeResult =
  { outcome: 'sent' | 'already_sent' | 'already_failed' | 'failed'; emailId: string } | { outcome: 'skipped'; reason: string };

/**
 * Emails the user a conversation is assigned to when the contact writes in it. One email per
 * message and assignee, however often the job runs (the dedupe key); a conversation unassigned,
 * or an assignee disabled, by the time the job runs is told nothing.
 */
export async function processNotifyAssignee(
  deps: NotifierDeps,
  payload: NotifyAssigneePayload,
  ctx: JobContext = { isFinalAttempt: false },
): Promise<NotifyAssigneeResult> {
  if (!deps.options.notificationsEnabled) return { outcome: 'skipped', reason: 'notifications_disabled' };
  const notice = await loadAssigneeNotice(deps.db, payload.clientId, payload.messageId);
  if (!notice) return { outcome: 'skipped', reason: 'no_assignee' };
  const who = notice.leadName ?? 'A contact';
  const link = `${deps.options.appBaseUrl.replace(/\/$/, '')}/inbox/${notice.conversation.id}`;
  const excerpt = (notice.message.text ?? '').slice(0, EXCERPT);
  const result = await sendEmailOnce(
    deps.db,
    deps.transport,
    {
      clientId: payload.clientId,
      kind: 'inbox_assigned_reply',
      dedupeKey: `inbox-assignee:${notice.message.id}:${notice.assignee.id}`,
      to: [notice.assignee.email],
      subject: `${who} replied in a conversation assigned to you`,
      text: `${who} wrote:\n\n${excerpt}\n\nOpen the conversation: ${link}`,
      html: `<p>${escapeHtml(who)} wrote:</p><blockquote>${escapeHtml(excerpt)}</blockquote><p><a href="${escapeHtml(link)}">Open the conversation</a></p>`,
    },
    { isFinalAttempt: ctx.isFinalAttempt },
  );
  deps.logger.info('assignee notified', { message_id: notice.message.id, conversation_id: notice.conversation.id, status: result.status });
  return { outcome: result.status, emailId: result.emailId };
}
