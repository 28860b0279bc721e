import { randomBytes } from 'node:crypto';
import { createDatabase, runMigrations } from '@outreach/db';
import { testDatabaseUrl } from './env';

export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A migrated database of its own (`outreach_<tag>_<random>`) on the test server, for work that must
 * see an empty world: the sequencer and the reply pollers act on every row they find, and the
 * gateway creates its first admin only when none exists — never true of the shared test database.
 * Dropped at the end, so nothing shared is ever wiped.
 */
export async function createFreshDatabase(tag = 'test', serverUrl: string = testDatabaseUrl()): Promise<FreshDatabase> {
  const name = `outreach_${tag}_${randomBytes(6).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return {
    name,
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
