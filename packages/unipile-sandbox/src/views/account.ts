import type { Account } from '../world/types';
import type { World } from '../world/world';
import { fullName } from './common';

/** The `Account` object exactly as the real capture shows it (one LinkedIn messaging source). */
export function accountView(world: World, account: Account): Record<string, unknown> {
  const owner = world.owner(account);
  return {
    object: 'Account',
    type: 'LINKEDIN',
    id: account.id,
    name: account.name,
    created_at: account.createdAt.toISOString(),
    groups: [],
    sources: [{ id: `${account.id}_MESSAGING`, status: account.status }],
    connection_params: {
      im: {
        id: owner.providerId,
        publicIdentifier: owner.publicIdentifier,
        username: fullName(owner),
        connection_method: 'credentials',
        premiumId: null,
        premiumFeatures: [],
        premiumContractId: null,
        organizations: [],
        proxy: { country: 'FR' },
      },
    },
  };
}

/** `status_counts` over every account, like the real `GET /accounts` answer. */
export function statusCounts(accounts: Iterable<Account>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of accounts) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}
