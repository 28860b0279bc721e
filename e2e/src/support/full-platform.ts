import { createDatabase, runMigrations, type Database } from '@outreach/db';
import { type insertAccount, uniquePrefix } from '@outreach/testing';
import { createUnipileClient, ensureWebhooks } from '@outreach/unipile';
import { SandboxControl, startSandbox, type Sandbox } from '@outreach/unipile-sandbox';
import { PrivatePostgres } from './postgres-server';
import { freePort, PrivateRedis } from './redis-server';
import { seedAlwaysOpenCampaign } from './seed-campaign';
import { startService, type ServiceProcess } from './service-process';

const SANDBOX_KEY = 'e2e-full-sandbox-key';
const WEBHOOK_SECRET = 'e2e-full-webhook-secret-0123456789';

export type ServiceName = 'webhook-ingest' | 'reply-matcher' | 'sequencer' | 'outbound-sender';

export interface FullPlatform {
  sandbox: Sandbox;
  control: SandboxControl;
  /** The platform's database, on a PostgreSQL server of the test's own. */
  database: Database;
  postgres: PrivatePostgres;
  /** A Redis of the test's own with AOF (fsync always), as production runs it. */
  redis: PrivateRedis;
  env: Record<string, string>;
  /** Every running process by service; several senders may run. */
  running: Record<ServiceName, ServiceProcess[]>;
  /** Processes that exited without the test killing them (a crash the platform did not survive), with their last output. */
  unexpectedExits: string[];
  start(name: ServiceName, count?: number): Promise<ServiceProcess[]>;
  /** SIGKILLs one process (the first of its service unless given) and removes it from `running`. */
  kill(name: ServiceName, which?: ServiceProcess): Promise<void>;
  /** A client, a sandbox account and its row, and an always-open active campaign with the given steps. */
  seedCampaign(options: {
    account?: Parameters<typeof insertAccount>[2];
    steps: Array<{ action: 'invite' | 'message'; template: string; delayMinutes?: number }>;
  }): Promise<{ clientId: string; accountId: string; unipileAccountId: string; campaign: { id: string; clientId: string } }>;
  close(): Promise<void>;
}

/**
 * The whole send-and-reply loop as in production, every service its own process: the sandbox
 * delivers webhooks over HTTP to webhook-ingest, reply-matcher writes replies and acceptances,
 * the sequencer plans, outbound-senders write to LinkedIn. Postgres and Redis are the test's own
 * (other ports, other directories), so a test may stop, kill and restart them freely.
 */
export async function startFullPlatform(extraEnv: Record<string, string> = {}): Promise<FullPlatform> {
  const [postgres, redis] = await Promise.all([PrivatePostgres.create(), PrivateRedis.create({ persistent: true })]);
  const databaseUrl = postgres.databaseUrl('outreach_e2e');
  await runMigrations(databaseUrl);
  const database = createDatabase(databaseUrl, { max: 4 });
  const sandbox = await startSandbox({ port: 0, apiKey: SANDBOX_KEY, webhookRetryDelaysMs: [200, 400, 800, 1600, 3200, 6400] });
  const control = new SandboxControl(sandbox.url, SANDBOX_KEY);
  const ingestPort = await freePort();
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '6',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: uniquePrefix(),
    UNIPILE_DSN: sandbox.url,
    UNIPILE_API_KEY: SANDBOX_KEY,
    UNIPILE_TIMEOUT_MS: '3000',
    UNIPILE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    INGEST_PORT: String(ingestPort),
    SEQUENCER_TICK_SECONDS: '1',
    SEQUENCER_LEASE_SECONDS: '15',
    CONNECTION_SYNCS_PER_DAY: '0',
    REPLY_POLL_INTERVAL_SECONDS: '5',
    REPLY_POLL_DEGRADED_INTERVAL_SECONDS: '5',
    REPLY_POLL_LOOKBACK_MINUTES: '30',
    REPLY_POLLER_SYNC_SECONDS: '2',
    REPLY_MATCHER_LOCK_MS: '5000',
    OUTBOUND_SENDER_LOCK_MS: '5000',
    OUTBOUND_SENDER_CONCURRENCY: '10',
    // The platform's floor on spacing (5 s) would stretch 300 actions over half an hour: this suite
    // is about faults, and the ceilings have tests of their own.
    SENDER_SAFETY_CEILINGS: 'false',
    ...extraEnv,
  };
  const ready: Record<ServiceName, RegExp> = {
    'webhook-ingest': /webhook-ingest listening/,
    'reply-matcher': /reply-matcher started/,
    sequencer: /sequencer started/,
    'outbound-sender': /outbound-sender started/,
  };
  const running: Record<ServiceName, ServiceProcess[]> = {
    'webhook-ingest': [],
    'reply-matcher': [],
    sequencer: [],
    'outbound-sender': [],
  };
  const killed = new Set<ServiceProcess>();
  const unexpectedExits: string[] = [];
  let closing = false;

  const platform: FullPlatform = {
    sandbox,
    control,
    database,
    postgres,
    redis,
    env,
    running,
    unexpectedExits,
    async start(name, count = 1) {
      const started = Array.from({ length: count }, () => startService(name, env));
      for (const proc of started) {
        proc.child.once('exit', (code, signal) => {
          if (closing || killed.has(proc)) return;
          unexpectedExits.push(`${name} exited (${signal ?? code}); last output:\n${proc.output().slice(-2500)}`);
        });
      }
      running[name].push(...started);
      await Promise.all(started.map((s) => s.waitForOutput(ready[name])));
      return started;
    },
    async kill(name, which) {
      const target = which ?? running[name][0];
      if (!target) return;
      running[name].splice(running[name].indexOf(target), 1);
      killed.add(target);
      await target.kill('SIGKILL');
    },
    seedCampaign: (o) => seedAlwaysOpenCampaign(database, control, { senderName: 'Fault Sender', ...o }),
    async close() {
      closing = true;
      await Promise.all(Object.values(running).flatMap((list) => list.splice(0).map((s) => s.kill('SIGKILL'))));
      await sandbox.close();
      await database.close();
      await Promise.all([redis.destroy(), postgres.destroy()]);
    },
  };

  await platform.start('webhook-ingest');
  const unipile = createUnipileClient({ dsn: sandbox.url, apiKey: SANDBOX_KEY, timeoutMs: 5000 });
  await ensureWebhooks(unipile, { ingestBaseUrl: `http://127.0.0.1:${ingestPort}`, secretHeader: 'Unipile-Auth', secret: WEBHOOK_SECRET });
  return platform;
}
