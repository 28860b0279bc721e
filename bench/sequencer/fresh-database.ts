import { randomBytes } from 'node:crypto';
import { createDatabase, runMigrations } from '@outreach/db';

export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A migrated database of the run's own (`outreach_bench_<tag>_<random>`), created empty so the
 * planner sees only what the bench seeded, and dropped at the end (the same approach as
 * e2e/src/support/fresh-database.ts). Postgres here runs with autovacuum off: a database that
 * lives for one run never carries dead rows from earlier runs.
 */
export async function createFreshDatabase(tag: string, serverUrl = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres'): Promise<FreshDatabase> {
  const name = `outreach_bench_${tag}_${randomBytes(4).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return {
    name,
    url: url.toString(),
    async drop() {
      const admin = createDatabase(serverUrl, { max: 1 });
      try {
        await admin.sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.close();
      }
    },
  };
}
