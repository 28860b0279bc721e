import type { SandboxContext } from '../context';
import { ApiError, resourceNotFound } from '../errors';
import type { Account } from '../world/types';
import { createAccount, setAccountStatus, type AccountInput } from './accounts';

export interface HostedCompletion {
  account: Account;
  status: 'CREATION_SUCCESS' | 'RECONNECTED';
}

/**
 * What happens when the user finishes the hosted-auth page: the account is created (or
 * reconnected), the AccountStatus webhook fires, and `notify_url` receives
 * `{status, account_id, name}` where `name` is the link's `name` (how callers find their tenant).
 */
export function completeHostedLink(ctx: SandboxContext, token: string, input: Partial<AccountInput>): HostedCompletion {
  const link = ctx.world.hostedLinks.get(token);
  if (!link) throw resourceNotFound('Unknown hosted auth link.');
  if (link.usedAt) throw new ApiError(401, 'expired_link', 'This link was already used.');
  if (link.expiresOn.getTime() < ctx.clock.nowMs()) throw new ApiError(401, 'expired_link', 'This link has expired.');
  let account: Account;
  let status: HostedCompletion['status'];
  if (link.type === 'reconnect' && link.reconnectAccountId !== null) {
    account = ctx.world.requireAccount(link.reconnectAccountId);
    status = 'RECONNECTED';
    setAccountStatus(ctx, account, 'OK', status);
  } else {
    account = createAccount(ctx, { ...input, name: input.name ?? 'Sandbox User', status: 'OK' });
    status = 'CREATION_SUCCESS';
    ctx.events.accountStatus(account, status);
  }
  link.usedAt = ctx.clock.now();
  if (link.notifyUrl !== null) {
    ctx.dispatcher.deliverDirect({
      url: link.notifyUrl,
      event: `hosted_${status.toLowerCase()}`,
      accountId: account.id,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status, account_id: account.id, name: link.name }),
    });
  }
  return { account, status };
}
