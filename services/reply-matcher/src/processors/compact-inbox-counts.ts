import { compactInboxCounts } from '@outreach/db';
import type { MatcherDeps } from '../deps';

/** Folds the inbox count ledger; loops in bounded batches of clients so a backlog clears in one run. */
export async function processCompactInboxCounts(deps: MatcherDeps): Promise<{ clients: number }> {
  const BATCH = 500;
  let clients = 0;
  for (let i = 0; i < 20; i += 1) {
    const n = await compactInboxCounts(deps.db, BATCH);
    clients += n;
    if (n < BATCH) break;
  }
  return { clients };
}
