import { pruneRollupGaps, rollupEventsBatch, type Db } from '@outreach/db';
import type { Logger } from '@outreach/logger';
import type { RollupEventsPayload } from '@outreach/queues';

/** What the rollup needs: the database and a job logger. */
export interface RollupDeps {
  db: Db;
  logger: Logger;
}

export interface RollupRunResult {
  events: number;
  late: number;
  batches: number;
  cursor: number;
}

/** Events per transaction: large enough for catch-up speed, small enough to keep each lock short. */
export const ROLLUP_BATCH_SIZE = 50_000;
const DEFAULT_MAX_BATCHES = 50;
/** An id still missing an hour after a later one committed belongs to a rollback or a conflict. */
const GAP_TTL_MINUTES = 60;

/**
 * Counts every event not counted yet into the analytics rollups, batch after batch, until none is
 * left or `maxBatches` ran (the scheduler's next tick goes on). Each batch moves the cursor in its
 * own transaction, so a retry, a duplicate job or a second reporter never counts an event twice.
 */
export async function processRollupEvents(deps: RollupDeps, payload: RollupEventsPayload): Promise<RollupRunResult> {
  const maxBatches = payload.maxBatches ?? DEFAULT_MAX_BATCHES;
  const total: RollupRunResult = { events: 0, late: 0, batches: 0, cursor: 0 };
  while (total.batches < maxBatches) {
    const batch = await rollupEventsBatch(deps.db, ROLLUP_BATCH_SIZE);
    total.batches += 1;
    total.events += batch.events;
    total.late += batch.late;
    total.cursor = batch.cursor;
    if (batch.events < ROLLUP_BATCH_SIZE) break;
  }
  const pruned = await pruneRollupGaps(deps.db, GAP_TTL_MINUTES);
  if (total.events > 0 || total.late > 0 || pruned > 0) deps.logger.info('events rolled up', { ...total, gaps_pruned: pruned });
  return total;
}
