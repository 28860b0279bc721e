import type { SandboxContext } from '../context';
import { ApiError } from '../errors';
import { newUnipileId } from '../ids';
import type { Account, AccountStatus } from '../world/types';
import { upsertPerson } from './people';

export interface AccountInput {
  id?: string;
  name: string;
  own?: {
    provider_id?: string;
    public_identifier?: string;
    member_id?: string;
    first_name?: string;
    last_name?: string;
    headline?: string;
  };
  status?: AccountStatus;
  weekly_invite_quota?: number;
}

/** LinkedIn's weekly invitation cap that Unipile recommends staying under. */
export const DEFAULT_WEEKLY_INVITE_QUOTA = 200;

/** Connects a LinkedIn account; its owner is also a member others can look up and invite. */
export function createAccount(ctx: SandboxContext, input: AccountInput): Account {
  const id = input.id ?? newUnipileId();
  if (ctx.world.accounts.has(id)) throw new ApiError(409, 'conflict', `Account ${id} already exists.`, 'Conflict');
  const [first = input.name, ...rest] = input.name.split(' ');
  const owner = upsertPerson(
    ctx.world,
    {
      first_name: input.own?.first_name ?? first,
      last_name: input.own?.last_name ?? rest.join(' '),
      ...(input.own?.provider_id === undefined ? {} : { provider_id: input.own.provider_id }),
      ...(input.own?.public_identifier === undefined ? {} : { public_identifier: input.own.public_identifier }),
      ...(input.own?.member_id === undefined ? {} : { member_id: input.own.member_id }),
      ...(input.own?.headline === undefined ? {} : { headline: input.own.headline }),
    },
    id,
  );
  const account: Account = {
    id,
    name: input.name,
    createdAt: ctx.clock.now(),
    status: input.status ?? 'OK',
    ownProviderId: owner.providerId,
    weeklyInviteQuota: input.weekly_invite_quota ?? DEFAULT_WEEKLY_INVITE_QUOTA,
  };
  ctx.world.accounts.set(id, account);
  return account;
}

/** Changes an account's status; the AccountStatus webhook fires only on an actual transition. */
export function setAccountStatus(ctx: SandboxContext, account: Account, status: AccountStatus, message: string = status): boolean {
  if (account.status === status) return false;
  account.status = status;
  ctx.events.accountStatus(account, message);
  return true;
}
