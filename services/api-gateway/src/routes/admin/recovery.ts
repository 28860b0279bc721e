import { findAccountById, isAccountCampaign, listAccountStatuses, type Db } from '@outreach/db';
import { enqueue, pollRepliesJob, syncConnectionsJob, syncConnectionsResultSchema } from '@outreach/queues';
import type { GatewayDeps } from '../../deps';
import { ApiError, notFound } from '../../http/errors';
import { z } from '../../http/openapi';
import type { RouteDefiner } from '../../http/route';
import { enqueueAll, timedOut, waitForJobs, type JobOutcome } from './wait-for-jobs';

const waitSeconds = z
  .number()
  .int()
  .min(1)
  .max(300)
  .default(60)
  .openapi({ description: 'How long to wait for the jobs before answering 504 with their ids (they keep running)' });

const backfillBody = z
  .object({
    linkedin_account_id: z.uuid().optional().openapi({ description: 'One account; every account when absent' }),
    lookback_hours: z.number().int().min(1).max(720),
    wait_seconds: waitSeconds,
  })
  .strict()
  .openapi('ReplyBackfillRequest', { example: { linkedin_account_id: '6f1c2a7e-8d4b-4f0e-9a51-3c2d1e0f9b8a', lookback_hours: 24 } });

const backfillResponse = z
  .object({
    accounts: z.number().int(),
    new_replies_recorded: z.number().int(),
    scanned: z.number().int(),
    unmatched: z.number().int(),
    job_ids: z.array(z.string()),
    failed: z.array(z.object({ job_id: z.string(), linkedin_account_id: z.string(), reason: z.string() })),
  })
  .openapi('ReplyBackfillResult');

const syncBody = z
  .object({
    linkedin_account_id: z.uuid(),
    campaign_id: z.uuid().optional().openapi({ description: "Only this campaign's leads; it must be run by the account" }),
    wait_seconds: waitSeconds,
  })
  .strict()
  .openapi('ConnectionSyncRequest');

const syncResponse = z
  .object({
    matched: z.number().int().openapi({ description: 'Leads moved to connected by this run' }),
    already_connected: z.number().int(),
    scanned: z.number().int().openapi({ description: 'Relations read' }),
    unmatched_sample: z.array(z.object({ member_id: z.string(), public_identifier: z.string().nullable() })).max(20),
    job_id: z.string(),
  })
  .openapi('ConnectionSyncResult');

/** The fields of reply-matcher's PollResult this endpoint reports. */
const pollResultSchema = z.object({ scanned: z.number(), newRepliesRecorded: z.number(), unmatched: z.number() });

const jobId = (o: JobOutcome) => String(o.job.id);

function summariseBackfill(outcomes: JobOutcome[]) {
  const total = { new_replies_recorded: 0, scanned: 0, unmatched: 0 };
  const failed: Array<{ job_id: string; linkedin_account_id: string; reason: string }> = [];
  for (const o of outcomes) {
    if (o.state === 'failed')
      failed.push({ job_id: jobId(o), linkedin_account_id: String(o.job.data.linkedinAccountId), reason: o.reason });
    if (o.state !== 'completed') continue;
    const r = pollResultSchema.parse(o.result);
    total.new_replies_recorded += r.newRepliesRecorded;
    total.scanned += r.scanned;
    total.unmatched += r.unmatched;
  }
  return { ...total, failed };
}

/** The one account named (404 when unknown), or every account of every client. */
async function accountsToPoll(db: Db, linkedinAccountId: string | undefined): Promise<string[]> {
  if (!linkedinAccountId) return (await listAccountStatuses(db)).map((a) => a.id);
  const account = await findAccountById(db, linkedinAccountId);
  if (!account) throw notFound('linkedin account');
  return [account.id];
}

/**
 * On-demand recovery: the same jobs the schedulers run, consumed by reply-matcher, waited for so
 * that the operator sees what they found.
 */
export function registerRecoveryRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db, queues } = deps;

  route(
    {
      method: 'post',
      path: '/api/admin/backfill/replies',
      errors: [502, 504],
      summary: 'Poll Unipile for replies no webhook delivered, for one account or all, and report what was recorded',
      tags: ['admin'],
      access: 'admin',
      status: 200,
      body: backfillBody,
      response: backfillResponse,
      responseDescription:
        'Totals over every account polled. 504 with the job ids when they outlast wait_seconds; 502 when every job failed.',
    },
    async ({ body }) => {
      const accountIds = await accountsToPoll(db, body.linkedin_account_id);
      const lookbackMinutes = body.lookback_hours * 60;
      const jobs = await enqueueAll(accountIds, (id) =>
        enqueue(queues, pollRepliesJob, { linkedinAccountId: id, lookbackMinutes, reason: 'on_demand' }),
      );
      const outcomes = await waitForJobs(deps, queues.replyBackfill, jobs, body.wait_seconds * 1000);
      if (outcomes.some((o) => o.state === 'timed_out')) throw timedOut(outcomes, body.wait_seconds * 1000);
      const summary = summariseBackfill(outcomes);
      if (outcomes.length > 0 && summary.failed.length === outcomes.length) {
        throw new ApiError(502, 'bad_gateway', `every reply poll failed; first: ${summary.failed[0]?.reason}`, { failed: summary.failed });
      }
      return { accounts: accountIds.length, ...summary, job_ids: outcomes.map(jobId) };
    },
  );

  route(
    {
      method: 'post',
      path: '/api/admin/sync/connections',
      errors: [502, 504],
      summary: "Diff an account's LinkedIn relations and sent invitations with its leads; connect those who accepted",
      tags: ['admin'],
      access: 'admin',
      status: 200,
      body: syncBody,
      response: syncResponse,
      responseDescription:
        'What the sync found. 504 with the job id when it outlasts wait_seconds; 502 when it failed (e.g. Unipile refused the account).',
    },
    async ({ body }) => {
      const account = await findAccountById(db, body.linkedin_account_id);
      if (!account) throw notFound('linkedin account');
      if (body.campaign_id && !(await isAccountCampaign(db, account, body.campaign_id)))
        throw notFound('campaign of this linkedin account');
      const payload = {
        linkedinAccountId: account.id,
        ...(body.campaign_id ? { campaignId: body.campaign_id } : {}),
        reason: 'on_demand' as const,
      };
      const jobs = await enqueueAll([payload], (p) => enqueue(queues, syncConnectionsJob, p));
      const [outcome] = await waitForJobs(deps, queues.connectionSync, jobs, body.wait_seconds * 1000);
      if (!outcome || outcome.state === 'timed_out') throw timedOut(outcome ? [outcome] : [], body.wait_seconds * 1000);
      if (outcome.state === 'failed')
        throw new ApiError(502, 'bad_gateway', `connection sync failed: ${outcome.reason}`, { job_id: jobId(outcome) });
      const r = syncConnectionsResultSchema.parse(outcome.result);
      return {
        matched: r.matched,
        already_connected: r.alreadyConnected,
        scanned: r.scanned,
        unmatched_sample: r.unmatchedSample.map((u) => ({ member_id: u.memberId, public_identifier: u.publicIdentifier })),
        job_id: jobId(outcome),
      };
    },
  );
}
