import type { SandboxContext } from '../context';
import { ApiError, resourceNotFound } from '../errors';
import { newInvitationId } from '../ids';
import type { Account, Invitation } from '../world/types';

const DAY_MS = 86_400_000;
/** LinkedIn blocks re-inviting someone for about three weeks after a withdrawal. */
export const WITHDRAWAL_COOLDOWN_MS = 21 * DAY_MS;
const WEEK_MS = 7 * DAY_MS;
/** Unipile adds `usage` to the invite answer when the quota use crosses one of these percentages. */
const USAGE_THRESHOLDS = [50, 75, 90, 95];
export const MAX_INVITATION_MESSAGE = 300;

export interface InvitationResult {
  invitation: Invitation;
  usage?: number;
}

/**
 * `POST /users/invite` rules, in the order LinkedIn applies them: note length, recipient known,
 * not already connected, no pending or recently withdrawn invitation, then the weekly cap.
 */
export function sendInvitation(ctx: SandboxContext, account: Account, providerId: string, message: string | undefined): InvitationResult {
  const { world, clock } = ctx;
  if (message !== undefined && message.length > MAX_INVITATION_MESSAGE) {
    throw new ApiError(400, 'too_many_characters', `The invitation message must be at most ${MAX_INVITATION_MESSAGE} characters.`);
  }
  const person = world.people.get(providerId);
  if (!person || person.providerId === account.ownProviderId) {
    throw new ApiError(422, 'invalid_recipient', 'The recipient could not be found or cannot be invited.');
  }
  if (world.relation(account.id, providerId)) {
    throw new ApiError(422, 'already_connected', 'You are already connected with this recipient.');
  }
  const now = clock.nowMs();
  const recentlyWithdrawn = world
    .invitationsOf(account.id)
    .some(
      (i) =>
        i.providerId === providerId &&
        i.status === 'WITHDRAWN' &&
        i.closedAt !== null &&
        now - i.closedAt.getTime() < WITHDRAWAL_COOLDOWN_MS,
    );
  if (world.pendingInvitation(account.id, providerId) || recentlyWithdrawn) {
    throw new ApiError(
      422,
      'already_invited_recently',
      'An invitation has already been sent recently to this recipient. Please try again later.',
    );
  }
  const sentThisWeek = world.invitationsOf(account.id).filter((i) => now - i.sentAt.getTime() < WEEK_MS).length;
  if (sentThisWeek >= account.weeklyInviteQuota) {
    throw new ApiError(422, 'cannot_resend_yet', 'You have reached a temporary provider limit. Please try again later.');
  }
  const invitation: Invitation = {
    id: newInvitationId(),
    accountId: account.id,
    providerId,
    message: message ?? null,
    sentAt: clock.now(),
    status: 'PENDING',
    closedAt: null,
  };
  world.addInvitation(invitation);
  world.sent.invitations.push({
    account_id: account.id,
    provider_id: providerId,
    message: invitation.message,
    invitation_id: invitation.id,
    at: invitation.sentAt.toISOString(),
  });
  ctx.reactions.afterInvitation(invitation);
  const before = Math.floor((sentThisWeek * 100) / account.weeklyInviteQuota);
  const after = Math.floor(((sentThisWeek + 1) * 100) / account.weeklyInviteQuota);
  const crossed = USAGE_THRESHOLDS.filter((t) => before < t && after >= t).pop();
  return crossed === undefined ? { invitation } : { invitation, usage: after };
}

/** `DELETE /users/invite/sent/{id}`: the withdrawal time starts the re-invite cooldown. */
export function withdrawInvitation(ctx: SandboxContext, account: Account, invitationId: string): Invitation {
  const invitation = ctx.world.invitations.get(invitationId);
  if (!invitation || invitation.accountId !== account.id || invitation.status !== 'PENDING') {
    throw resourceNotFound('Invitation not found.');
  }
  invitation.status = 'WITHDRAWN';
  invitation.closedAt = ctx.clock.now();
  ctx.world.sent.withdrawals.push({
    account_id: account.id,
    provider_id: invitation.providerId,
    invitation_id: invitation.id,
    at: invitation.closedAt.toISOString(),
  });
  return invitation;
}
