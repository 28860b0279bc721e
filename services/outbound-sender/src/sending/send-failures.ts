import { releaseClaim, type Tx } from '@outreach/db';
import type { SenderDeps } from '../deps';
import { classifyUnipileError, errorCode, errorMessage } from './classify-error';
import {
  coolDownAccount,
  pauseAccount,
  recordAlreadyConnected,
  recordAlreadyInvited,
  recordLeadError,
  recordStopped,
  recordWithdrawn,
  type OutcomeScope,
} from './outcomes';
import type { LockedInput, LockedResult, SendControl } from './types';

/**
 * Unipile refused or did not answer the send. Every answer that proves nothing went out gives the
 * claim and the rate reservation back; no error is ever recorded as a send.
 */
export async function handleSendFailure(
  deps: SenderDeps,
  tx: Tx,
  input: {
    input: LockedInput;
    scope: OutcomeScope;
    err: unknown;
    control: SendControl;
    now: Date;
    releaseReservation: () => Promise<void>;
  },
): Promise<LockedResult> {
  const { scope, err, now } = input;
  const { ctx, payload } = input.input;
  const failure = { code: errorCode(err), message: errorMessage(err), status: (err as { status?: number }).status };
  const log = deps.logger.child({ lead_id: scope.lead.id, action: payload.action, step: payload.step, code: failure.code });
  const kind = classifyUnipileError(err);
  if (payload.action === 'withdraw' && failure.status === 404) {
    // The invitation is no longer there to withdraw (accepted would have moved the lead on; expired or withdrawn by hand).
    await recordWithdrawn(tx, scope, null, now, 'not_pending');
    return { outcome: 'withdrawn', note: 'not_pending' };
  }
  switch (kind) {
    case 'already_connected':
      if (payload.action !== 'invite') break;
      await input.releaseReservation();
      await recordAlreadyConnected(tx, scope, { messageFirstDegree: ctx.campaign.messageFirstDegree, reason: failure.code }, now);
      log.info('already connected: no invite');
      return { outcome: 'already_connected' };
    case 'already_invited':
      if (payload.action === 'withdraw') {
        await recordWithdrawn(tx, scope, null, now, failure.code);
        return { outcome: 'withdrawn', code: failure.code };
      }
      if (payload.action !== 'invite') break;
      await input.releaseReservation();
      await recordAlreadyInvited(tx, scope, failure.code, input.input.inviteNextActionAt(now), now);
      log.info('already invited: no second invite');
      return { outcome: 'already_invited', code: failure.code };
    case 'provider_limit': {
      const until = new Date(now.getTime() + deps.settings.cooldownMs);
      await releaseClaim(tx, scope.actionId, failure.code);
      await input.releaseReservation();
      const eventId = await coolDownAccount(tx, scope, until, failure, now);
      log.warn('provider limit: account cools down', { until: until.toISOString() });
      return { defer: { until, reason: 'account_cooldown' }, eventId };
    }
    case 'account': {
      await input.releaseReservation();
      const eventId = await pauseAccount(tx, scope, failure, now);
      await recordStopped(tx, scope, 'account_paused', true, now);
      log.warn('account error: account paused');
      return { outcome: 'account_paused', code: failure.code, eventId };
    }
    case 'unknown':
      if (!input.control.isFinalAttempt) {
        // It may have gone out: the row stays `sending`, and the retry reconciles before sending again.
        log.warn('send outcome unknown: will reconcile and retry', { err });
        throw err;
      }
      break;
    case 'recipient':
      break;
  }
  await recordLeadError(tx, scope, payload.action, failure, now);
  log.info('send failed for this lead', { err });
  return { outcome: 'lead_error', code: failure.code };
}
