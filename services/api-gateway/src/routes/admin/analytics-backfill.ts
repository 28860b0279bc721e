import { randomUUID } from 'node:crypto';
import { findAccountById } from '@outreach/db';
import { backfillConversationsJob, enqueue, rebuildRateUsageJob } from '@outreach/queues';
import type { GatewayDeps } from '../../deps';
import { ApiError, notFound } from '../../http/errors';
import { z } from '../../http/openapi';
import type { RouteDefiner } from '../../http/route';
import { enqueueAll, timedOut, waitForJobs, type JobOutcome } from './wait-for-jobs';
import { findClient } from '../clients/store';

const waitSeconds = z
  .number()
  .int()
  .min(1)
  .max(300)
  .default(60)
  .openapi({ description: 'How long to wait for the job before answering 504 with its id (it keeps running)' });

const rateUsageBody = z
  .object({
    linkedin_account_id: z.uuid().optional().openapi({ description: 'One account; every account when absent' }),
    days: z.number().int().min(1).max(90).default(30).openapi({ description: 'Account-local days back from today' }),
    wait_seconds: waitSeconds,
  })
  .strict()
  .openapi('RateUsageBackfillRequest');

const rateUsageResult = z
  .object({
    accounts: z.number().int(),
    counters: z.number().int(),
    raised: z.number().int().openapi({ description: 'Counters created or raised to what events show (never lowered)' }),
    job_id: z.string(),
  })
  .openapi('RateUsageBackfillResult');

const conversationsBody = z
  .object({ client_id: z.uuid().optional().openapi({ description: 'One client; every client when absent' }), wait_seconds: waitSeconds })
  .strict()
  .openapi('ConversationBackfillRequest');

const conversationsResult = z
  .object({
    missing: z.number().int().openapi({ description: 'Connected leads without a chat id before the run' }),
    resolved: z.number().int().openapi({ description: 'Filled from stored messages and events' }),
    resolved_via_unipile: z
      .number()
      .int()
      .openapi({ description: "Filled from the account's 1:1 chats on LinkedIn (the chat whose attendee is the lead)" }),
    unresolved: z
      .number()
      .int()
      .openapi({ description: 'Looked up on LinkedIn and not found (no chat yet), or whose account could not be read' }),
    remaining: z
      .number()
      .int()
      .openapi({ description: "Left for another run (beyond one run's bound) or without a provider id to look up" }),
    accounts_failed: z.number().int().openapi({ description: 'Accounts whose chats could not be listed' }),
    job_id: z.string(),
  })
  .openapi('ConversationBackfillResult');

/** The single job's result, or the 504/502 the recovery routes answer. */
function resultOf(outcome: JobOutcome | undefined, timeoutMs: number): unknown {
  if (!outcome || outcome.state === 'timed_out') throw timedOut(outcome ? [outcome] : [], timeoutMs);
  if (outcome.state === 'failed')
    throw new ApiError(502, 'bad_gateway', `backfill failed: ${outcome.reason}`, { job_id: String(outcome.job.id) });
  return outcome.result;
}

/** Admin recovery of analytics inputs, run by the reporter on the analytics-rollup queue and reported. */
export function registerAnalyticsBackfillRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db, queues } = deps;

  route(
    {
      method: 'post',
      path: '/api/admin/backfill/rate-usage',
      errors: [502, 503, 504],
      summary: 'Rebuild per-day invite and message usage from events (idempotent: counters only rise)',
      tags: ['admin'],
      access: 'admin',
      status: 200,
      body: rateUsageBody,
      response: rateUsageResult,
    },
    async ({ body }) => {
      if (body.linkedin_account_id && !(await findAccountById(db, body.linkedin_account_id))) throw notFound('linkedin account');
      const payload = {
        requestId: randomUUID(),
        days: body.days,
        ...(body.linkedin_account_id ? { linkedinAccountId: body.linkedin_account_id } : {}),
      };
      const jobs = await enqueueAll([payload], (p) => enqueue(queues, rebuildRateUsageJob, p));
      const [outcome] = await waitForJobs(deps, queues.analyticsRollup, jobs, body.wait_seconds * 1000);
      const r = z
        .object({ accounts: z.number(), counters: z.number(), raised: z.number() })
        .parse(resultOf(outcome, body.wait_seconds * 1000));
      return { ...r, job_id: String(outcome?.job.id) };
    },
  );

  route(
    {
      method: 'post',
      path: '/api/admin/backfill/conversations',
      errors: [502, 503, 504],
      summary: 'Resolve missing chat ids of connected leads from stored messages and events, then from LinkedIn chats (idempotent)',
      tags: ['admin'],
      access: 'admin',
      status: 200,
      body: conversationsBody,
      response: conversationsResult,
    },
    async ({ body }) => {
      if (body.client_id && !(await findClient(db, body.client_id))) throw notFound('client');
      const payload = { requestId: randomUUID(), ...(body.client_id ? { clientId: body.client_id } : {}) };
      const jobs = await enqueueAll([payload], (p) => enqueue(queues, backfillConversationsJob, p));
      const [outcome] = await waitForJobs(deps, queues.analyticsRollup, jobs, body.wait_seconds * 1000);
      const r = conversationsResult.omit({ job_id: true }).parse(resultOf(outcome, body.wait_seconds * 1000));
      return { ...r, job_id: String(outcome?.job.id) };
    },
  );
}
