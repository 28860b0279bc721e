import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';

/**
 * Validates a dequeued payload. A payload that does not match its schema will never succeed, so it
 * goes straight to the failed set (kept 14 days) rather than being retried or silently dropped.
 */
export function parsePayload<S extends z.ZodType>(schema: S, data: unknown, jobName: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new UnrecoverableError(`invalid ${jobName} payload: ${detail}`);
  }
  return result.data;
}
