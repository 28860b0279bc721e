import { runMigrations } from '@outreach/db';
import { testDatabaseUrl } from './env';

/** Jest global setup for the integration project: migrate the shared test database once. */
export default async function globalSetup(): Promise<void> {
  await runMigrations(testDatabaseUrl());
}
