import { randomUUID } from 'node:crypto';
import { createDatabase, type Database } from '@outreach/db';
import { sql } from 'drizzle-orm';
import { createCapturingLogger } from '@outreach/logger';
import { enqueue, notifyReplyJob, QUEUES } from '@outreach/queues';
import { testDatabaseUrl, waitFor } from '@outreach/testing';
import { openWorkerBench, type WorkerBench } from './test-support/worker-bench';

let bench: WorkerBench;
let database: Database;
beforeAll(() => {
  bench = openWorkerBench();
  database = createDatabase(testDatabaseUrl(), { max: 2 });
});
afterAll(async () => {
  await bench.close();
  await database.close();
});

describe('a job failing on a Postgres error', () => {
  it('is logged with the server reason (cause message, code) and without the query parameters', async () => {
    const { logger, entries } = createCapturingLogger('runtime-test');
    const secret = `s3cret-${randomUUID()}`;
    bench.start(QUEUES.notifications, logger, async () =>
      database.db.execute(sql`select * from no_such_table_${sql.raw('x')} where email = ${secret}`),
    );
    await bench.queues.notifications.add(
      notifyReplyJob.name,
      { eventId: 1, leadId: randomUUID(), clientId: randomUUID() },
      { attempts: 1 },
    );

    const failure = await waitFor(() => entries.find((e) => e.message === 'job failed'), { what: 'failure logged' });
    const line = JSON.stringify(failure);
    expect(line).not.toContain(secret);
    expect(failure.err).toMatchObject({
      message: expect.stringMatching(/^Failed query: select \* from no_such_table_x where email = \$1\nparams: \[redacted\]$/),
      stack: expect.stringContaining('params: [redacted]'),
      cause: { name: 'PostgresError', message: 'relation "no_such_table_x" does not exist', code: '42P01', severity: 'ERROR' },
    });
  });

  it('keeps the detail of a constraint violation', async () => {
    const { logger, entries } = createCapturingLogger('runtime-test');
    bench.start(QUEUES.notifications, logger, async () => {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`create temporary table if not exists dup_check (id int primary key)`);
        await tx.execute(sql`insert into dup_check values (${41}), (${41})`);
      });
    });
    await enqueue(bench.queues, notifyReplyJob, { eventId: 2, leadId: randomUUID(), clientId: randomUUID() });

    const failure = await waitFor(() => entries.find((e) => e.message === 'job failed'), { what: 'failure logged' });
    expect(failure.err).toMatchObject({
      cause: { code: '23505', detail: 'Key (id)=(41) already exists.', constraint_name: 'dup_check_pkey' },
    });
  });
});
