/**
 * One outbound-sender process of the scale model: the sender's own deps and processors, consumed
 * through the same `createJobWorker` table as services/outbound-sender/src/workers.ts, but with the
 * simulated clock injected (the processors' `clock` parameter) and every deferral's simulated
 * instant turned back into machine time for BullMQ's delayed set. Started by run.ts; prints one
 * `scale-stats {json}` line when stopped.
 */
import { QUEUES, sendInboxReplyJob, sendOutboundActionJob } from '@outreach/queues';
import { createJobWorker, type JobContext } from '@outreach/runtime';
import { loadSenderConfig } from '../../services/outbound-sender/src/config';
import { createDeps } from '../../services/outbound-sender/src/deps';
import { processSendInboxReply } from '../../services/outbound-sender/src/processors/send-inbox-reply';
import { processSendOutboundAction } from '../../services/outbound-sender/src/processors/send-outbound-action';
import { lineFromEnv, realAt, simNow } from './clock';

const line = lineFromEnv(process.env);
const clock = () => simNow(line);
const config = loadSenderConfig();
const deps = createDeps(config);
const outcomes = new Map<string, number>();
const deferrals = new Map<string, number>();
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** The job's context with simulated deferrals: `until` is simulated time, BullMQ's delay is real. */
const simulated = (ctx: JobContext) => ({
  isFinalAttempt: ctx.isFinalAttempt,
  defer(until: Date, reason: string): Promise<never> {
    bump(deferrals, reason);
    return ctx.defer(new Date(realAt(line, until.getTime())));
  },
});

const worker = createJobWorker(
  QUEUES.outboundActions,
  {
    [sendOutboundActionJob.name]: async (jobDeps, payload, ctx) => {
      const result = await processSendOutboundAction(jobDeps, payload, simulated(ctx), clock);
      bump(outcomes, result.outcome);
      return result;
    },
    [sendInboxReplyJob.name]: async (jobDeps, payload, ctx) => processSendInboxReply(jobDeps, payload, simulated(ctx), clock),
  },
  {
    deps,
    connection: deps.redis,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.OUTBOUND_SENDER_CONCURRENCY,
    lockDurationMs: config.OUTBOUND_SENDER_LOCK_MS,
  },
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await worker.close();
  process.stdout.write(
    `scale-stats ${JSON.stringify({ outcomes: Object.fromEntries(outcomes), deferrals: Object.fromEntries(deferrals) })}\n`,
  );
  await deps.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
