import type { Database } from '@outreach/db';
import type { Queues } from '@outreach/queues';
import { createTestInfrastructure, insertTenant } from '@outreach/testing';
import { createUnipileClient, ensureWebhooks } from '@outreach/unipile';
import { SandboxControl, startSandbox, type AccountView, type Sandbox } from '@outreach/unipile-sandbox';
import type { Redis } from 'ioredis';
import { freePort } from './redis-server';
import { startService, type ServiceProcess } from './service-process';

export const SANDBOX_KEY = 'e2e-sandbox-key';
export const WEBHOOK_SECRET = 'e2e-webhook-secret-0123456789abcdef';

export interface Platform {
  sandbox: Sandbox;
  control: SandboxControl;
  database: Database;
  queues: Queues;
  redis: Redis;
  ingest: ServiceProcess;
  ingestUrl: string;
  matcher: ServiceProcess;
  env: Record<string, string>;
  account: AccountView;
  tenant: Awaited<ReturnType<typeof insertTenant>>;
  startMatcher(): Promise<ServiceProcess>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  redisUrl?: string;
  matcherEnv?: Record<string, string>;
}

/**
 * The reply path as in production: the sandbox delivers webhooks over HTTP to a webhook-ingest
 * process, which enqueues in Redis for a reply-matcher process writing to Postgres.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  // A database of its own: reply-matcher polls every account it finds, and the shared test
  // database holds every other test's accounts.
  const infra = await createTestInfrastructure({ service: 'e2e', poolSize: 4, freshDatabase: 'e2e', redisUrl: options.redisUrl });
  const { database, redis, queues } = infra;
  const sandbox = await startSandbox({ port: 0, apiKey: SANDBOX_KEY, webhookRetryDelaysMs: [100, 200, 400, 800, 1600] });
  infra.onClose(() => sandbox.close());
  const control = new SandboxControl(sandbox.url, SANDBOX_KEY);

  const ingestPort = await freePort();
  const env: Record<string, string> = {
    ...infra.serviceEnv(),
    UNIPILE_DSN: sandbox.url,
    UNIPILE_API_KEY: SANDBOX_KEY,
    UNIPILE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    INGEST_PORT: String(ingestPort),
    DATABASE_POOL_SIZE: '4',
  };
  const ingest = startService('webhook-ingest', env);
  const ingestUrl = `http://127.0.0.1:${ingestPort}`;

  const startMatcher = async () => {
    const matcher = startService('reply-matcher', { ...env, ...options.matcherEnv });
    await matcher.waitForOutput(/reply-matcher started/);
    return matcher;
  };
  const [matcher] = await Promise.all([startMatcher(), ingest.waitForOutput(/webhook-ingest listening/)]);

  const unipile = createUnipileClient({ dsn: sandbox.url, apiKey: SANDBOX_KEY, timeoutMs: 5000 });
  await ensureWebhooks(unipile, { ingestBaseUrl: ingestUrl, secretHeader: 'Unipile-Auth', secret: WEBHOOK_SECRET });

  const account = await control.createAccount({ name: 'E2E Sender' });
  const tenant = await insertTenant(database.db, { unipileAccountId: account.id, providerUserId: account.connection_params.im.id });

  const platform: Platform = {
    sandbox,
    control,
    database,
    queues,
    redis,
    ingest,
    ingestUrl,
    matcher,
    env,
    account,
    tenant,
    startMatcher: async () => {
      platform.matcher = await startMatcher();
      return platform.matcher;
    },
    close: async () => {
      await Promise.all([platform.matcher.kill(), ingest.kill()]);
      await infra.close();
    },
  };
  return platform;
}
