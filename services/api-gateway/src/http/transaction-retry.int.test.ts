import { clients, createDatabase, transactionWithRetry, type Database } from '@outreach/db';
import { eq, sql } from 'drizzle-orm';
import { createLogger } from '@outreach/logger';
import { insertClient, testDatabaseUrl, waitFor } from '@outreach/testing';

let database: Database;
beforeAll(() => {
  database = createDatabase(testDatabaseUrl(), { max: 4 });
});
afterAll(async () => {
  await database.close();
});

const lock = (tx: Parameters<Parameters<Database['db']['transaction']>[0]>[0], id: string) =>
  tx.execute(sql`select id from clients where id = ${id}::uuid for update`);

describe('transactionWithRetry', () => {
  it('runs a transaction Postgres aborted for a deadlock again, and it then commits', async () => {
    const [one, two] = [await insertClient(database.db), await insertClient(database.db)];
    let attempts = 0;
    let holderLocked!: () => void;
    const holderHasOne = new Promise<void>((resolve) => (holderLocked = resolve));
    let retrierLocked!: () => void;
    const retrierHasTwo = new Promise<void>((resolve) => (retrierLocked = resolve));
    // The holder takes one; the retrier takes two and waits for one; then the holder asks for two:
    // a cycle that Postgres breaks by aborting the retrier (it has waited longest, so its check
    // runs first). The retrier's second run waits for the holder and commits.
    let holderPid = 0;
    const holder = database.db.transaction(async (tx) => {
      const [row] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as Array<{ pid: number }>;
      holderPid = row!.pid;
      await lock(tx, one.id);
      holderLocked();
      await retrierHasTwo;
      await waitFor(async () => {
        const rows = (await database.db.execute(
          sql`select count(*)::int as n from pg_stat_activity where ${holderPid} = any(pg_blocking_pids(pid))`,
        )) as unknown as Array<{ n: number }>;
        return rows[0]!.n > 0;
      });
      await lock(tx, two.id);
      await tx.update(clients).set({ name: 'holder' }).where(eq(clients.id, one.id));
    });
    await holderHasOne;
    const retried = transactionWithRetry(
      database.db,
      async (tx) => {
        attempts += 1;
        await lock(tx, two.id);
        if (attempts === 1) retrierLocked();
        await lock(tx, one.id);
        await tx.update(clients).set({ name: 'retrier' }).where(eq(clients.id, two.id));
        return attempts;
      },
      { logger: createLogger('test', { silent: true }), what: 'test' },
    );
    await expect(Promise.all([holder, retried])).resolves.toEqual([undefined, 2]);
    const names = await database.db.select({ id: clients.id, name: clients.name }).from(clients).where(eq(clients.id, two.id));
    expect(names[0]?.name).toBe('retrier');
  });
});
