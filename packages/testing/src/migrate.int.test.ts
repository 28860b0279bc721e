import postgres from 'postgres';
import { runMigrations } from '@outreach/db';
import { testDatabaseUrl } from './env';

describe('runMigrations', () => {
  it('is idempotent and safe to run from two processes at once', async () => {
    await Promise.all([runMigrations(testDatabaseUrl()), runMigrations(testDatabaseUrl())]);
    const sql = postgres(testDatabaseUrl(), { max: 1 });
    try {
      const rows = await sql`select count(*)::int as n from information_schema.tables where table_name = 'webhook_deliveries'`;
      expect(rows[0]?.n).toBe(1);
    } finally {
      await sql.end();
    }
  });
});
