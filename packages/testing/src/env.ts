import { loadConfig } from '@outreach/config';
import { z } from 'zod';

const testEnv = z.object({
  TEST_DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/outreach_test'),
  TEST_REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
});

/** The database integration tests share; isolated by unique ids, never wiped. */
export const testDatabaseUrl = (): string => loadConfig(testEnv).TEST_DATABASE_URL;
/** The Redis integration tests share; isolated by a unique BullMQ prefix per test file. */
export const testRedisUrl = (): string => loadConfig(testEnv).TEST_REDIS_URL;
