import { clients } from '@outreach/db';
import { inArray } from 'drizzle-orm';
import { createEmailTransport } from '@outreach/email';
import { createTestInfrastructure, type HarnessInfrastructure, startFakeResend, type FakeResend } from '@outreach/testing';
import type { ReporterDeps } from '../deps';

export const TEST_UNSUBSCRIBE_SECRET = 'reporter-test-unsubscribe-secret';
export const PUBLIC_API_URL = 'https://api.outreach.test';

export interface ReporterHarness extends HarnessInfrastructure {
  deps: ReporterDeps;
  resend: FakeResend;
  /** Moves the planner's clock. */
  setNow(at: Date): void;
  /** Kept for the tests that call it; the whole database is dropped on close anyway. */
  forget(clientId: string): void;
  close(): Promise<void>;
}

/**
 * Real Postgres (a database of the file's own: the planner reads every client it finds, and the
 * shared test database holds thousands), real Redis under a prefix of its own, and the Resend
 * transport pointed at a local fake over real HTTP.
 */
export async function startReporterHarness(options: { now?: Date; enabled?: boolean } = {}): Promise<ReporterHarness> {
  const infra = await createTestInfrastructure({ service: 'reporter', poolSize: 6, freshDatabase: 'reporter' });
  const { database, logger, queues } = infra;
  const resend = await startFakeResend();
  infra.onClose(() => resend.close());
  let now = options.now ?? new Date();
  const owned: string[] = [];
  const deps: ReporterDeps = {
    db: database.db,
    queues,
    transport: createEmailTransport({
      apiKey: resend.apiKey,
      baseUrl: resend.url,
      from: 'Outreach Reports <reports@outreach.test>',
      timeoutMs: 5000,
    }),
    logger,
    reports: {
      enabled: options.enabled ?? true,
      unsubscribeSecret: TEST_UNSUBSCRIBE_SECRET,
      publicApiUrl: PUBLIC_API_URL,
      appBaseUrl: 'https://app.outreach.test',
    },
    now: () => now,
  };
  return {
    deps,
    ...infra,
    resend,
    setNow: (at) => {
      now = at;
    },
    forget: (clientId) => {
      owned.push(clientId);
    },
    close: async () => {
      if (owned.length > 0) await database.db.delete(clients).where(inArray(clients.id, owned));
      await infra.close();
    },
  };
}
