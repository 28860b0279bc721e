import type { EventContext } from '@outreach/db';
import type { ReplySummary } from '@outreach/email';

// The query lives in @outreach/db; the notifier's processors and channels keep importing it from here.
export { loadEventContext, loadEventContexts, type EventContext } from '@outreach/db';

export const leadName = (lead: EventContext['lead']): string =>
  [lead?.firstName, lead?.lastName]
    .filter((p) => p && p.trim())
    .join(' ')
    .trim();

/** The lead's profile link: the imported URL, else one built from the vanity slug. */
export function profileUrlOf(lead: EventContext['lead']): string | null {
  if (lead?.profileUrl) return lead.profileUrl;
  return lead?.publicIdentifier ? `https://www.linkedin.com/in/${encodeURIComponent(lead.publicIdentifier)}/` : null;
}

/** What the reply email shows of one `message_received` event. */
export function toReplySummary(context: EventContext): ReplySummary {
  const { lead } = context;
  const headline = [lead?.title, lead?.company].filter((p) => p && p.trim()).join(' at ');
  return {
    leadId: lead?.id ?? '',
    leadName: leadName(lead),
    leadHeadline: headline || null,
    campaignName: context.campaign?.name ?? '(no campaign)',
    accountName: context.account?.name ?? null,
    profileUrl: profileUrlOf(lead),
    replyText: context.replyText,
    repliedAt: context.event.occurredAt,
  };
}
