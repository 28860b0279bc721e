import { findInvitationId, type Tx } from '@outreach/db';
import type { SenderDeps } from '../deps';
import { findSentInvitation } from './linkedin';
import { recordWithdrawn, type OutcomeScope } from './outcomes';
import type { LockedInput, SendResult } from './types';

/**
 * Withdraws an invitation not accepted within its step's timeout. The invitation id comes from the
 * invite's own action row, or from the account's sent invitations; an invitation no longer pending
 * (expired, withdrawn by hand) ends the same way: the lead is `withdrawn`.
 */
export async function withdrawInvitation(
  deps: SenderDeps,
  tx: Tx,
  input: LockedInput,
  scope: OutcomeScope,
  now: Date,
): Promise<SendResult> {
  const accountId = input.ctx.account.unipileAccountId;
  const invitationId =
    (await findInvitationId(tx, scope.lead.id, input.payload.step)) ??
    (
      await findSentInvitation(deps.unipile, accountId, {
        providerId: scope.lead.providerId,
        publicIdentifier: scope.lead.publicIdentifier,
      })
    )?.invitationId ??
    null;
  if (!invitationId) {
    await recordWithdrawn(tx, scope, null, now, 'not_pending');
    return { outcome: 'withdrawn', note: 'not_pending' };
  }
  await deps.unipile.cancelInvitation(accountId, invitationId);
  await recordWithdrawn(tx, scope, invitationId, now);
  return { outcome: 'withdrawn', invitation_id: invitationId };
}
