import { clients } from '@outreach/db';
import { inArray } from 'drizzle-orm';
import { createEmailTransport } from '@outreach/email';
import { createTestInfrastructure, type HarnessInfrastructure, startFakeResend, type FakeResend } from '@outreach/testing';
import { createUnipileClient } from '@outreach/unipile';
import { SandboxControl, startSandbox } from '@outreach/unipile-sandbox';
import type { ReporterDeps } from '../deps';

const SANDBOX_KEY = 'reporter-sandbox-key';

export const TEST_UNSUBSCRIBE_SECRET = 'reporter-test-unsubscribe-secret';
export const PUBLIC_API_URL = 'https://api.outreach.test';

export interface ReporterHarness extends HarnessInfrastructure {
  deps: ReporterDeps;
  resend: FakeResend;
  /** The Unipile sandbox the deps' client talks to (the conversations backfill's lookups). */
  control: SandboxControl;
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
  const sandbox = await startSandbox({ port: 0, apiKey: SANDBOX_KEY });
  infra.onClose(() => sandbox.close());
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
    unipile: createUnipileClient({ dsn: sandbox.url, apiKey: SANDBOX_KEY, timeoutMs: 5000 }),
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
    control: new SandboxControl(sandbox.url, SANDBOX_KEY),
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
