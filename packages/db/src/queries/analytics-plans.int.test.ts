import { randomUUID } from 'node:crypto';
import { loadConfig } from '@outreach/config';
import { z } from 'zod';
import { createDatabase, type Database } from '../client';
import { explainAnalyticsReads } from './analytics-plans';

// @outreach/testing depends on this package, so its helpers are not used here.
const { TEST_DATABASE_URL } = loadConfig(
  z.object({ TEST_DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/outreach_test') }),
);

let database: Database;
beforeAll(() => {
  database = createDatabase(TEST_DATABASE_URL, { max: 2 });
});
afterAll(async () => {
  await database.close();
});

describe('analytics query plans', () => {
  it('every analytics read has an index path: none needs a sequential scan', async () => {
    const plans = await explainAnalyticsReads(database.db, { clientId: randomUUID(), campaignId: randomUUID(), accountId: randomUUID() });
    expect(plans.length).toBeGreaterThanOrEqual(19);
    // On the small test database the planner may read a tiny table whole; with sequential scans
    // switched off it must still find an index, which is what 10M events rely on (see bench/analytics).
    const needingSeqScan = plans
      .filter((p) => (p.withoutSeqScan ?? p.plan).some((line) => line.includes('Seq Scan')))
      .map((p) => ({ name: p.name, plan: p.withoutSeqScan ?? p.plan }));
    expect(needingSeqScan).toEqual([]);
  });
});
