import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/** Runs one sequence step for one lead (consumer: outbound-sender, built in the sending issue). */
export const sendOutboundActionPayloadSchema = z.object({
  leadId: z.uuid(),
  step: z.number().int().min(0),
});
export type SendOutboundActionPayload = z.infer<typeof sendOutboundActionPayloadSchema>;

export const sendOutboundActionJob = {
  name: 'send-outbound-action',
  options: {
    attempts: 6,
    backoff: { type: 'exponential', delay: 30_000, jitter: 0.3 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

/** One job per lead and step: a second enqueue of the same step is a no-op. */
export const sendOutboundActionJobId = (leadId: string, step: number): string => `lead-${leadId}-step-${step}`;
