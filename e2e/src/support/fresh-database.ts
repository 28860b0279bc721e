import { randomUUID } from 'node:crypto';
import { createDatabase, runMigrations } from '@outreach/db';
import { testDatabaseUrl } from '@outreach/testing';

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A migrated database of its own, for a test that needs an empty world: the gateway creates its
 * first admin from ADMIN_EMAIL only when no admin exists, which is never true of the shared test
 * database. Dropped at the end, so nothing shared is ever wiped.
 */
export async function createFreshDatabase(): Promise<FreshDatabase> {
  const name = `outreach_e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const server = new URL(url);
      server.pathname = '/postgres';
      const admin = createDatabase(server.toString(), { max: 1 });
      try {
        await admin.sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.close();
      }
    },
  };
}
