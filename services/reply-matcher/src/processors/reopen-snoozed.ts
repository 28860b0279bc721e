import { reopenElapsedSnoozes } from '@outreach/db';
import { wakeInboxRelay } from '@outreach/queues';
import type { MatcherDeps } from '../deps';

/** Reopens conversations whose snooze elapsed; loops in bounded batches so a backlog clears in one run. */
export async function processReopenSnoozed(deps: MatcherDeps, now: Date = new Date()): Promise<{ reopened: number }> {
  const BATCH = 1000;
  let reopened = 0;
  for (let i = 0; i < 20; i += 1) {
    const n = await reopenElapsedSnoozes(deps.db, now, BATCH);
    reopened += n;
    if (n < BATCH) break;
  }
  if (reopened > 0) {
    wakeInboxRelay(deps.queues);
    deps.logger.info('snoozed conversations reopened', { reopened });
  }
  return { reopened };
}
