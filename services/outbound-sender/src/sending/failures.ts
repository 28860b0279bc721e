import type { SendContext } from '@outreach/db';
import type { SenderDeps } from '../deps';
import type { SendControl, SendResult } from './types';
import { classifyUnipileError, errorCode, errorMessage } from './classify-error';
import { notifyEvent } from './notify';
import { coolDownAccount, pauseAccount, recordLeadError, recordStopped, type OutcomeScope } from './outcomes';

/**
 * A profile lookup or chat search failed before anything was claimed. Nothing was sent, so the
 * outcomes are simple: LinkedIn's limit cools the account down and the job waits; an account error
 * pauses the account; a person LinkedIn cannot find stops the lead; anything else is retried.
 */
export async function handlePrepareFailure(
  deps: SenderDeps,
  input: {
    ctx: SendContext;
    scope: OutcomeScope;
    action: 'invite' | 'message' | 'withdraw';
    err: unknown;
    control: SendControl;
    clock: () => Date;
    wait: (until: Date, reason: string) => Promise<never>;
  },
): Promise<SendResult> {
  const { scope, err, clock } = input;
  const failure = { code: errorCode(err), message: errorMessage(err) };
  const now = clock();
  switch (classifyUnipileError(err)) {
    case 'provider_limit': {
      const until = new Date(now.getTime() + deps.settings.cooldownMs);
      const eventId = await deps.db.transaction((tx) => coolDownAccount(tx, scope, until, failure, now));
      deps.logger.warn('provider limit on lookup: account cools down', {
        account_id: scope.accountId,
        code: failure.code,
        until: until.toISOString(),
        event_id: eventId,
      });
      await notifyEvent(deps, scope.lead.clientId, eventId);
      return input.wait(until, 'account_cooldown');
    }
    case 'account': {
      const eventId = await deps.db.transaction(async (tx) => {
        await recordStopped(tx, scope, 'account_paused', true, now);
        return pauseAccount(tx, scope, failure, now);
      });
      deps.logger.warn('account error: account paused', { account_id: scope.accountId, code: failure.code });
      await notifyEvent(deps, scope.lead.clientId, eventId);
      return { outcome: 'account_paused', code: failure.code };
    }
    case 'unknown':
      if (!input.control.isFinalAttempt) throw err;
      await deps.db.transaction((tx) => recordLeadError(tx, scope, input.action, failure, now));
      return { outcome: 'lead_error', code: failure.code };
    default:
      await deps.db.transaction((tx) => recordLeadError(tx, scope, input.action, failure, now));
      return { outcome: 'lead_error', code: failure.code };
  }
}
