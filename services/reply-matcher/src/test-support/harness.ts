import { findAccountByUnipileId } from '@outreach/db';
import { createTestInfrastructure, type HarnessInfrastructure } from '@outreach/testing';
import { createUnipileClient } from '@outreach/unipile';
import { SandboxControl, startSandbox, type Sandbox } from '@outreach/unipile-sandbox';
import type { MatcherDeps } from '../deps';

export const SANDBOX_KEY = 'sandbox-test-key';

export interface MatcherHarness extends HarnessInfrastructure {
  deps: MatcherDeps;
  sandbox: Sandbox;
  control: SandboxControl;
  close(): Promise<void>;
}

/**
 * Real Postgres, real Redis under a prefix of its own, and the Unipile sandbox over real HTTP:
 * what reply-matcher's processors run against in its tests. The database is the file's own: the
 * poller sync schedules a poll for every account it finds, and the shared test database holds
 * thousands.
 */
export async function startMatcherHarness(polling: Partial<MatcherDeps['polling']> = {}): Promise<MatcherHarness> {
  const infra = await createTestInfrastructure({ service: 'reply-matcher', freshDatabase: 'matcher' });
  const { database, logger, queues } = infra;
  const sandbox = await startSandbox({ port: 0, apiKey: SANDBOX_KEY, webhookRetryDelaysMs: [20, 40, 80, 160, 320] });
  infra.onClose(() => sandbox.close());
  const deps: MatcherDeps = {
    db: database.db,
    // No caching in tests: they change accounts between deliveries.
    accounts: { byUnipileId: (id) => findAccountByUnipileId(database.db, id) },
    queues,
    unipile: createUnipileClient({ dsn: sandbox.url, apiKey: SANDBOX_KEY, timeoutMs: 5000 }),
    logger,
    polling: { intervalMs: 60_000, degradedIntervalMs: 10_000, lookbackMinutes: 60, ...polling },
  };
  return {
    deps,
    ...infra,
    sandbox,
    control: new SandboxControl(sandbox.url, SANDBOX_KEY),
    close: infra.close,
  };
}
