import type { Job, JobsOptions, Queue } from 'bullmq';
import { z } from 'zod';

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

export const syncConnectionsJob = {
  name: 'sync-connections',
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000, jitter: 0.3 },
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

/**
 * Enqueues a connection sync for one account. No fixed job id by default: an on-demand run wants
 * a fresh result, not the completed job of an earlier run kept for an hour.
 */
export function enqueueSyncConnections(queue: Queue, payload: SyncConnectionsPayload, jobId?: string): Promise<Job> {
  const data = syncConnectionsPayloadSchema.parse(payload);
  return queue.add(syncConnectionsJob.name, data, { ...syncConnectionsJob.options, ...(jobId ? { jobId } : {}) });
}
