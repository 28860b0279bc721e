import { workerLastActivity } from '@outreach/metrics';

const lastActivity = new Map<string, number>();

/** A job of `queue` started or finished in this process (createJobWorker calls it). */
export function markActivity(queue: string, at: number = Date.now()): void {
  lastActivity.set(queue, at);
  workerLastActivity.set({ queue }, at / 1000);
}

/** When this process last started or finished a job of `queue`; undefined if it never did. */
export const lastActivityAt = (queue: string): number | undefined => lastActivity.get(queue);
