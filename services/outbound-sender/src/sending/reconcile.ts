import type { Tx } from '@outreach/db';
import type { SenderDeps } from '../deps';
import { findChatActiveSince, findSentInvitation, recentChatMessages } from './linkedin';
import { recordInviteSent, recordMessageSent, recordWithdrawn, type OutcomeScope } from './outcomes';
import { nextStepAt } from './next-step';
import type { LockedInput, SendResult } from './types';

// Unipile's and our clocks may disagree a little; a sent message is searched from this long before the claim.
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A claim left `sending` by an attempt whose outcome is unknown (a timeout, a 5xx, a crash). Before
 * sending again, look on LinkedIn: a pending invitation to the person, our message with the
 * rendered text in the chat, or an invitation no longer pending for a withdrawal. Found → recorded
 * as sent (marked `reconciled`), nothing is sent twice. Not found → null, and the caller sends.
 */
export async function reconcileClaim(
  deps: SenderDeps,
  tx: Tx,
  args: { input: LockedInput; scope: OutcomeScope; claimedAt: Date | null; renderedText: string | null; now: Date },
): Promise<SendResult | null> {
  const { input, scope, now } = args;
  const accountId = input.ctx.account.unipileAccountId;
  const log = deps.logger.child({ lead_id: scope.lead.id, action: input.payload.action, step: input.payload.step });
  switch (input.payload.action) {
    case 'invite': {
      const found = await findSentInvitation(deps.unipile, accountId, {
        providerId: input.providerId,
        publicIdentifier: scope.lead.publicIdentifier,
      });
      if (!found || !input.providerId) return null;
      await recordInviteSent(
        tx,
        scope,
        {
          invitationId: found.invitationId,
          text: args.renderedText,
          providerId: input.providerId,
          nextActionAt: input.inviteNextActionAt(now),
          reconciled: true,
        },
        now,
      );
      log.info('reconciled: the invitation had gone out');
      return { outcome: 'sent', action: 'invite', invitation_id: found.invitationId, reconciled: true };
    }
    case 'message': {
      // A first message starts its chat: the attempt whose outcome was lost may have created it
      // after this attempt looked (two runs of one job whose lock lapsed), so look again now.
      const since = (args.claimedAt?.getTime() ?? now.getTime()) - CLOCK_SKEW_MS;
      const chatId =
        input.chatId ?? (input.providerId ? await findChatActiveSince(deps.unipile, accountId, input.providerId, new Date(since)) : null);
      if (!chatId || !args.renderedText) return null;
      const messages = await recentChatMessages(deps.unipile, chatId, 20);
      const ours = messages.find((m) => m.is_sender && m.text === args.renderedText && new Date(m.timestamp).getTime() >= since);
      if (!ours) return null;
      await recordMessageSent(
        tx,
        scope,
        { chatId, messageId: ours.id, text: args.renderedText, nextActionAt: nextStepAt(input, now), reconciled: true },
        now,
      );
      log.info('reconciled: the message had gone out');
      return { outcome: 'sent', action: 'message', message_id: ours.id, chat_id: chatId, reconciled: true };
    }
    case 'withdraw': {
      const pending = await findSentInvitation(deps.unipile, accountId, {
        providerId: scope.lead.providerId,
        publicIdentifier: scope.lead.publicIdentifier,
      });
      if (pending) return null;
      await recordWithdrawn(tx, scope, null, now, 'reconciled');
      return { outcome: 'withdrawn', reconciled: true };
    }
  }
}
