import { UnipileError, type UnipileAccount } from '@outreach/unipile';
import type { GatewayDeps } from '../../deps';
import { ApiError, notFound } from '../../http/errors';
import {
  claimConnectRequest,
  findClientAccountIdByUnipileId,
  findConnectRequest,
  upsertConnectedAccount,
  type ConnectRequest,
} from './store';

/** Unipile failures as gateway answers: its 404 is ours, anything else is a bad gateway. */
export function fromUnipile(err: unknown, what: string): unknown {
  if (!(err instanceof UnipileError)) return err;
  if (err.status === 404) return notFound(what);
  return new ApiError(502, 'bad_gateway', `Unipile failed: ${err.message}`);
}

const gone = (message: string) => new ApiError(410, 'not_found', message);

/**
 * What a callback for an already settled request means: unknown token → 404; expired or used for
 * another account → 410; used for this very account → the account it created (a repeated callback
 * changes nothing). Returns null while the request is still pending.
 */
async function settledOutcome(deps: GatewayDeps, request: ConnectRequest | undefined, unipileAccountId: string): Promise<string | null> {
  if (!request) throw notFound('connect request');
  if (request.completedAt) {
    if (request.unipileAccountId !== unipileAccountId) throw gone('this connect link was already used');
    const accountId = await findClientAccountIdByUnipileId(deps.db, request.clientId, unipileAccountId);
    if (!accountId) throw gone('the account this link connected has since been deleted');
    return accountId;
  }
  if (request.expiresAt.getTime() <= Date.now()) throw gone('this connect link has expired');
  return null;
}

const findRequest = (deps: GatewayDeps, token: string): Promise<ConnectRequest | undefined> => findConnectRequest(deps.db, token);

/**
 * Claims the pending request and upserts the account in one transaction, so two concurrent
 * callbacks create one account and a failure leaves the request pending for Unipile's retry.
 * Returns null when another callback claimed the request first.
 */
async function claimAndUpsert(deps: GatewayDeps, token: string, remote: UnipileAccount): Promise<string | null> {
  return deps.db.transaction(async (tx) => {
    const now = new Date();
    const claimed = await claimConnectRequest(tx, token, remote.id, now);
    if (!claimed) return null;
    const own = remote.connection_params?.im;
    const learnt = {
      ...(own?.id ? { providerUserId: own.id } : {}),
      ...(own?.publicIdentifier ? { publicIdentifier: own.publicIdentifier } : {}),
    };
    const accountId = await upsertConnectedAccount(
      tx,
      {
        clientId: claimed.clientId,
        unipileAccountId: remote.id,
        name: claimed.accountName ?? remote.name ?? 'LinkedIn account',
        timezone: claimed.timezone,
        ...learnt,
      },
      now,
    );
    if (!accountId) throw new ApiError(409, 'conflict', 'this Unipile account is registered to another client');
    return accountId;
  });
}

/**
 * Completes a hosted-auth connection from Unipile's callback: finds the pending request by its
 * token, reads the account from Unipile (its name and own provider id), records the account for
 * the request's client and marks the request completed. Returns the linkedin_accounts id.
 */
export async function completeConnectRequest(deps: GatewayDeps, input: { token: string; unipileAccountId: string }): Promise<string> {
  const settled = await settledOutcome(deps, await findRequest(deps, input.token), input.unipileAccountId);
  if (settled) return settled;
  let remote: UnipileAccount;
  try {
    remote = await deps.unipile.getAccount(input.unipileAccountId);
  } catch (err) {
    throw fromUnipile(err, 'Unipile account');
  }
  const created = await claimAndUpsert(deps, input.token, remote);
  if (created) return created;
  // Lost the race to a concurrent callback: answer as the later of two callbacks.
  const again = await settledOutcome(deps, await findRequest(deps, input.token), input.unipileAccountId);
  if (!again) throw gone('this connect link has expired');
  return again;
}
