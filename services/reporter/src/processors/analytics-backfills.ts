import { backfillConversationIds, rebuildRateUsage, type ConversationBackfill, type RateUsageRebuild } from '@outreach/db';
import type { BackfillConversationsPayload, RebuildRateUsagePayload } from '@outreach/queues';
import type { RollupDeps } from './rollup-events';

/** Raises `rate_usage` counters to what `events` show (POST /api/admin/backfill/rate-usage). */
export async function processRebuildRateUsage(deps: RollupDeps, payload: RebuildRateUsagePayload): Promise<RateUsageRebuild> {
  const result = await rebuildRateUsage(deps.db, payload.linkedinAccountId ?? null, payload.days);
  deps.logger.info('rate usage rebuilt', { ...result, days: payload.days });
  return result;
}

/** Fills missing chat ids of connected leads (POST /api/admin/backfill/conversations). */
export async function processBackfillConversations(deps: RollupDeps, payload: BackfillConversationsPayload): Promise<ConversationBackfill> {
  const result = await backfillConversationIds(deps.db, payload.clientId ?? null);
  deps.logger.info('conversation ids backfilled', { ...result });
  return result;
}
