import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { createRedisConnection, pollRepliesJob, QUEUES, syncConnectionsJob } from '@outreach/queues';
import { insertTenant, testRedisUrl } from '@outreach/testing';
import type { Redis } from 'ioredis';
import { startGateway, type GatewayHarness } from '../../test-support/harness';

// Consuming these queues is reply-matcher's job, tested with the real processors end to end
// (e2e/src/admin-recovery.int.test.ts). Here no worker runs unless a test starts a stand-in.
let g: GatewayHarness;
let admin: { token: string };
let agent: { token: string };
let viewer: { token: string };
beforeAll(async () => {
  g = await startGateway();
  const tenant = await insertTenant(g.database.db);
  [admin, agent, viewer] = await Promise.all([
    g.createUser('admin', null),
    g.createUser('agent', tenant.client.id),
    g.createUser('viewer', tenant.client.id),
  ]);
});
afterAll(async () => {
  await g.close();
});

const MISSING = '00000000-0000-4000-8000-000000000000';
const paths = (res: { body: { error: { details: Array<{ path: string }> } } }) => res.body.error.details.map((d) => d.path).sort();

describe('POST /api/admin/backfill/replies', () => {
  it('names every bad field: lookback out of range, a non-UUID account, unknown fields', async () => {
    const res = await g.call('POST', '/api/admin/backfill/replies', {
      token: admin.token,
      body: { linkedin_account_id: 'acc-1', lookback_hours: 721, client_id: MISSING },
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['client_id', 'linkedin_account_id', 'lookback_hours']);
    for (const body of [{}, { lookback_hours: 0 }, { lookback_hours: 1.5 }, { lookback_hours: 24, wait_seconds: 301 }]) {
      expect((await g.call('POST', '/api/admin/backfill/replies', { token: admin.token, body })).status).toBe(400);
    }
  });

  it('answers 404 for an unknown account and enqueues nothing', async () => {
    const res = await g.call('POST', '/api/admin/backfill/replies', {
      token: admin.token,
      body: { linkedin_account_id: MISSING, lookback_hours: 6 },
    });
    expect(res.status).toBe(404);
    expect(await g.queues.replyBackfill.getJobCounts('waiting')).toEqual({ waiting: 0 });
  });

  it('enqueues the scheduler’s poll-replies job and answers 504 with its id when nothing finishes it in time', async () => {
    const { account } = await insertTenant(g.database.db);
    const res = await g.call('POST', '/api/admin/backfill/replies', {
      token: admin.token,
      body: { linkedin_account_id: account.id, lookback_hours: 2, wait_seconds: 1 },
    });
    expect(res.status).toBe(504);
    const [jobId] = res.body.error.details.job_ids;
    expect(res.body.error.details.pending_job_ids).toEqual([jobId]);
    const job = await g.queues.replyBackfill.getJob(jobId);
    expect(job).toMatchObject({
      name: pollRepliesJob.name,
      data: { linkedinAccountId: account.id, lookbackMinutes: 120, reason: 'on_demand' },
    });
    await job?.remove();
  });

  describe('with a stand-in worker', () => {
    let connection: Redis;
    let worker: Worker;
    const failing = new Set<string>();
    beforeAll(async () => {
      connection = createRedisConnection(testRedisUrl(), 'worker');
      worker = new Worker(
        QUEUES.replyBackfill,
        async (job: Job) => {
          if (failing.has(job.data.linkedinAccountId)) throw new UnrecoverableError('Unipile answered 401 (disconnected_account)');
          return { scanned: 5, unseen: 2, newRepliesRecorded: 1, ownMessages: 0, unmatched: 1 };
        },
        { connection, prefix: g.deps.queuePrefix },
      );
      await worker.waitUntilReady();
    });
    afterAll(async () => {
      await worker.close();
      connection.disconnect();
    });

    it('reports what the polls found, and answers 502 with the reason when every poll failed', async () => {
      const ok = await insertTenant(g.database.db);
      const res = await g.call('POST', '/api/admin/backfill/replies', {
        token: admin.token,
        body: { linkedin_account_id: ok.account.id, lookback_hours: 6 },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accounts: 1, new_replies_recorded: 1, scanned: 5, unmatched: 1, failed: [] });
      expect(res.body.job_ids).toHaveLength(1);

      const broken = await insertTenant(g.database.db);
      failing.add(broken.account.id);
      const failed = await g.call('POST', '/api/admin/backfill/replies', {
        token: admin.token,
        body: { linkedin_account_id: broken.account.id, lookback_hours: 6 },
      });
      expect(failed.status).toBe(502);
      expect(failed.body.error.details.failed).toEqual([
        expect.objectContaining({ linkedin_account_id: broken.account.id, reason: expect.stringMatching(/disconnected_account/) }),
      ]);
    });
  });
});

describe('POST /api/admin/sync/connections', () => {
  it('names every bad field and rejects unknown ones', async () => {
    const res = await g.call('POST', '/api/admin/sync/connections', {
      token: admin.token,
      body: { campaign_id: 'c-1', status: 'connected' },
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['campaign_id', 'linkedin_account_id', 'status']);
  });

  it('answers 404 for an unknown account, and for a campaign that account does not run', async () => {
    const mine = await insertTenant(g.database.db);
    const other = await insertTenant(g.database.db);
    const unknown = await g.call('POST', '/api/admin/sync/connections', { token: admin.token, body: { linkedin_account_id: MISSING } });
    expect(unknown.status).toBe(404);
    const foreign = await g.call('POST', '/api/admin/sync/connections', {
      token: admin.token,
      body: { linkedin_account_id: mine.account.id, campaign_id: other.campaign.id },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toMatch(/campaign/);
    expect(await g.queues.connectionSync.getJobCounts('waiting')).toEqual({ waiting: 0 });
  });

  it('enqueues a sync-connections job on connection-sync and answers 504 with its id when nothing finishes it in time', async () => {
    const { account, campaign } = await insertTenant(g.database.db);
    const res = await g.call('POST', '/api/admin/sync/connections', {
      token: admin.token,
      body: { linkedin_account_id: account.id, campaign_id: campaign.id, wait_seconds: 1 },
    });
    expect(res.status).toBe(504);
    const [jobId] = res.body.error.details.job_ids;
    const job = await g.queues.connectionSync.getJob(jobId);
    expect(job).toMatchObject({
      name: syncConnectionsJob.name,
      data: { linkedinAccountId: account.id, campaignId: campaign.id, reason: 'on_demand' },
    });
    await job?.remove();
  });
});

describe('recovery routes', () => {
  it('are for admins only', async () => {
    const { account } = await insertTenant(g.database.db);
    for (const user of [agent, viewer]) {
      expect(
        (
          await g.call('POST', '/api/admin/backfill/replies', {
            token: user.token,
            body: { linkedin_account_id: account.id, lookback_hours: 1 },
          })
        ).status,
      ).toBe(403);
      expect(
        (await g.call('POST', '/api/admin/sync/connections', { token: user.token, body: { linkedin_account_id: account.id } })).status,
      ).toBe(403);
    }
    expect((await g.call('POST', '/api/admin/sync/connections', { body: { linkedin_account_id: account.id } })).status).toBe(401);
    expect(await g.queues.connectionSync.getJobCounts('waiting')).toEqual({ waiting: 0 });
  });
});
