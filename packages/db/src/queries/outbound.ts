import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { outboundActions } from '../schema';

/**
 * Cancels sends that were queued but not yet claimed for these leads, returning their job ids so
 * the caller can also drop them from the queue. A send already `sending` is not touched here: the
 * sender re-reads the lead under lock before calling Unipile and abandons it.
 */
export async function cancelQueuedActions(tx: DbOrTx, leadIds: string[], reason: string): Promise<string[]> {
  if (leadIds.length === 0) return [];
  const rows = await tx
    .update(outboundActions)
    .set({ status: 'cancelled', errorCode: reason, updatedAt: new Date() })
    .where(and(inArray(outboundActions.leadId, leadIds), eq(outboundActions.status, 'queued')))
    .returning({ jobId: outboundActions.jobId });
  return rows.map((r) => r.jobId).filter((id): id is string => Boolean(id));
}

/** The LinkedIn invitation id recorded on a lead's invite action of `step`, or null. */
export async function findInvitationId(tx: DbOrTx, leadId: string, step: number): Promise<string | null> {
  const [invite] = await tx
    .select({ invitationId: outboundActions.invitationId })
    .from(outboundActions)
    .where(and(eq(outboundActions.leadId, leadId), eq(outboundActions.step, step), eq(outboundActions.action, 'invite')))
    .limit(1);
  return invite?.invitationId ?? null;
}

/**
 * Whether `text` is the note of the lead's sent invitation. LinkedIn puts the note at the head of
 * the chat that opens on acceptance, and it reaches us as our own message: it is the sequence's.
 */
export async function isSentInviteNote(tx: DbOrTx, leadId: string, text: string): Promise<boolean> {
  const [found] = await tx
    .select({ id: outboundActions.id })
    .from(outboundActions)
    .where(
      and(
        eq(outboundActions.leadId, leadId),
        eq(outboundActions.action, 'invite'),
        eq(outboundActions.status, 'sent'),
        eq(outboundActions.renderedText, text),
      ),
    )
    .limit(1);
  return Boolean(found);
}
