import type { Database } from '@outreach/db';
import type { Queues } from '@outreach/queues';
import { createTestInfrastructure, type insertAccount, type insertCampaign } from '@outreach/testing';
import { SandboxControl, startSandbox, type Sandbox } from '@outreach/unipile-sandbox';
import { seedAlwaysOpenCampaign } from './seed-campaign';
import { startService, type ServiceProcess } from './service-process';

const SANDBOX_KEY = 'e2e-sending-sandbox-key';

export interface SendingPlatform {
  sandbox: Sandbox;
  control: SandboxControl;
  database: Database;
  queues: Queues;
  env: Record<string, string>;
  senders: ServiceProcess[];
  sequencer: ServiceProcess | null;
  /** Starts `count` outbound-sender processes (waits until each is up). */
  startSenders(count: number, env?: Record<string, string>): Promise<ServiceProcess[]>;
  startSequencer(env?: Record<string, string>): Promise<ServiceProcess>;
  /** A client, a sandbox account and its row, and an always-open active campaign with the given steps. */
  seedCampaign(options: {
    account?: Parameters<typeof insertAccount>[2];
    campaign?: Parameters<typeof insertCampaign>[3];
    steps: Array<{ action: 'invite' | 'message'; template: string; delayMinutes?: number }>;
  }): Promise<{ clientId: string; accountId: string; unipileAccountId: string; campaign: { id: string; clientId: string } }>;
  close(): Promise<void>;
}

/**
 * The sending path as in production: sequencer and outbound-sender processes on a database of
 * their own (the sequencer scans every due lead it finds), Redis under a fresh prefix, the
 * sandbox over HTTP.
 */
export async function startSendingPlatform(options: { redisUrl?: string } = {}): Promise<SendingPlatform> {
  const infra = await createTestInfrastructure({ service: 'e2e', freshDatabase: 'e2e', redisUrl: options.redisUrl });
  const { database, queues } = infra;
  const sandbox = await startSandbox({ port: 0, apiKey: SANDBOX_KEY, webhookRetryDelaysMs: [100] });
  infra.onClose(() => sandbox.close());
  const control = new SandboxControl(sandbox.url, SANDBOX_KEY);
  const env: Record<string, string> = {
    ...infra.serviceEnv(),
    UNIPILE_DSN: sandbox.url,
    UNIPILE_API_KEY: SANDBOX_KEY,
    DATABASE_POOL_SIZE: '4',
    SEQUENCER_TICK_SECONDS: '1',
    CONNECTION_SYNCS_PER_DAY: '0',
    // These tests send far faster than the safety ceilings allow.
    SENDER_SAFETY_CEILINGS: 'false',
  };

  const platform: SendingPlatform = {
    sandbox,
    control,
    database,
    queues,
    env,
    senders: [],
    sequencer: null,
    async startSenders(count, extra = {}) {
      const started = Array.from({ length: count }, () => startService('outbound-sender', { ...env, ...extra }));
      await Promise.all(started.map((s) => s.waitForOutput(/outbound-sender started/)));
      platform.senders.push(...started);
      return started;
    },
    async startSequencer(extra = {}) {
      const sequencer = startService('sequencer', { ...env, ...extra });
      await sequencer.waitForOutput(/sequencer started/);
      platform.sequencer = sequencer;
      return sequencer;
    },
    seedCampaign: (o) => seedAlwaysOpenCampaign(database, control, { senderName: 'Robin Sender', ...o }),
    async close() {
      await Promise.all([...platform.senders, ...(platform.sequencer ? [platform.sequencer] : [])].map((s) => s.kill('SIGKILL')));
      await infra.close();
    },
  };
  return platform;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function inBatches<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return results;
}
