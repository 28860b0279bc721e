import path from 'node:path';
import type { Queue } from 'bullmq';
import type { BenchOptions } from './options';
import { freePort, isHttpOk, ROOT, startChild, waitUntil, type Child } from './processes';

export interface Services {
  ingest: Child;
  matcher: Child;
  bare: Child;
  ingestPort: number;
  barePort: number;
}

export interface ServiceSettings {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  secret: string;
  secretHeader: string;
}

/**
 * Starts webhook-ingest, reply-matcher and the bare Express baseline as their own processes, each
 * pushed to `children` as soon as it exists (so cleanup finds it even if a later start fails), and
 * waits until each is ready.
 */
export async function startServices(
  settings: ServiceSettings,
  opts: BenchOptions,
  deliveries: Queue,
  children: Child[],
): Promise<Services> {
  const [ingestPort, barePort, sandboxPort] = [await freePort(), await freePort(), await freePort()];
  const common = {
    NODE_ENV: 'production',
    LOG_LEVEL: opts.logLevel,
    REDIS_URL: settings.redisUrl,
    QUEUE_PREFIX: settings.prefix,
    DATABASE_URL: settings.databaseUrl,
    // A free metrics port, so a bench never collides with a worker already running here.
    METRICS_PORT: '0',
  };
  const service = (name: string) => path.join(ROOT, 'services', name, 'src', 'main.ts');

  const ingest = startChild(
    'webhook-ingest',
    service('webhook-ingest'),
    { ...common, UNIPILE_WEBHOOK_SECRET: settings.secret, UNIPILE_WEBHOOK_HEADER: settings.secretHeader, INGEST_PORT: String(ingestPort) },
    opts.profileDir,
  );
  children.push(ingest);
  const matcher = startChild(
    'reply-matcher',
    service('reply-matcher'),
    // Nothing listens on SANDBOX_PORT: a delivery whose sender is a lead's provider id never needs Unipile.
    { ...common, REPLY_MATCHER_CONCURRENCY: String(opts.matcherConcurrency), SANDBOX_PORT: String(sandboxPort) },
    opts.profileDir,
  );
  children.push(matcher);
  const bare = startChild(
    'bare-express',
    path.join(__dirname, 'bare-server.ts'),
    { NODE_ENV: 'production', BARE_PORT: String(barePort), BARE_SECRET: settings.secret, BARE_HEADER: settings.secretHeader },
    opts.profileDir,
  );
  children.push(bare);

  await waitUntil('webhook-ingest /readyz', () => isHttpOk(ingestPort, '/readyz'), 30_000, ingest);
  await waitUntil('bare server /healthz', () => isHttpOk(barePort, '/healthz'), 30_000, bare);
  // At LOG_LEVEL=warn the matcher prints nothing on boot; its worker's named Redis client shows it consumes.
  await waitUntil('reply-matcher worker', async () => (await deliveries.getWorkersCount()) > 0, 30_000, matcher);
  return { ingest, matcher, bare, ingestPort, barePort };
}
