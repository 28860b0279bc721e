import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { exponentialRetries, keepCompletedDays, KEEP_FAILED } from '../retry';

/**
 * Reads an account's most recent LinkedIn relations and its pending sent invitations, and moves
 * the leads that accepted to `connected` (detection `relations_sync`). The fallback for
 * `new_relation` webhooks, which Unipile sends hours late or not at all.
 */
export const syncConnectionsPayloadSchema = z.object({
  linkedinAccountId: z.uuid(),
  /** Only this campaign's leads (it must be run by the account); all its campaigns when absent. */
  campaignId: z.uuid().optional(),
  /** scheduled | on_demand — only for logs. */
  reason: z.enum(['scheduled', 'on_demand']).default('scheduled'),
  /**
   * The planned sync's UTC day and slot (`2026-06-01-2`); it names the job, so planning the same
   * window twice adds one job. Absent for on-demand runs and for jobs planned before it existed
   * (those already carry the same id).
   */
  window: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}-\d{1,3}$/, 'a day and slot such as 2026-06-01-2')
    .optional(),
});
export type SyncConnectionsPayload = z.infer<typeof syncConnectionsPayloadSchema>;

/** What a sync found; the job's return value, read back by the gateway's on-demand endpoint. */
export const syncConnectionsResultSchema = z.object({
  /** Leads this run moved to `connected`. */
  matched: z.number().int(),
  /** Leads found among the relations that were already connected or further along. */
  alreadyConnected: z.number().int(),
  /** Relations read. */
  scanned: z.number().int(),
  /** Up to 20 relations that are no lead in the scope. */
  unmatchedSample: z.array(z.object({ memberId: z.string(), publicIdentifier: z.string().nullable() })),
});
export type SyncConnectionsResult = z.infer<typeof syncConnectionsResultSchema>;

/** A planned sync's job id: one per account, UTC day and slot. */
export const plannedSyncJobId = (linkedinAccountId: string, window: string): string => `sync-connections-${linkedinAccountId}-${window}`;

export const syncConnectionsJob = defineJob({
  name: 'sync-connections',
  queue: QUEUES.connectionSync,
  schema: syncConnectionsPayloadSchema,
  options: {
    ...exponentialRetries(3, 10_000),
    // Kept two days: the sync planner runs every hour in every sequencer and plans today and
    // tomorrow, so a completed window's job must outlive both to stay a no-op when planned again.
    removeOnComplete: keepCompletedDays(2),
    removeOnFail: KEEP_FAILED,
  },
  // On-demand runs want a fresh result, not the kept job of an earlier run: no id without a window.
  jobId: (p) => (p.window ? plannedSyncJobId(p.linkedinAccountId, p.window) : undefined),
});
