import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '@outreach/logger';
import { ApiFaults } from './api/faults';
import { createApp } from './app';
import { PeopleBehaviour } from './behaviour';
import { Clock } from './clock';
import type { SandboxContext } from './context';
import { Scheduler } from './scheduler';
import { Dispatcher } from './webhooks/dispatcher';
import { WebhookEvents } from './webhooks/events';
import { WebhookFaults } from './webhooks/faults';
import { World } from './world/world';

export interface SandboxOptions {
  /** 0 = a random free port (tests). Default 3990. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The X-API-KEY every `/api/v1` and `/_sandbox` request must carry. */
  apiKey: string;
  /** Silent when absent. */
  logger?: Logger;
  /** Per delivery attempt. Default 30 000 ms, Unipile's documented limit. */
  webhookTimeoutMs?: number;
  /** Delays before each of the 5 retries, growing. Tests pass small ones. */
  webhookRetryDelaysMs?: number[];
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT`; the Unipile DSN to point clients at (API root is `${url}/api/v1`). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_SANDBOX_PORT = 3990;
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 30_000;
export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000];

/** Starts a fresh in-memory Unipile v1 sandbox and resolves once it listens. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const logger = options.logger ?? createLogger('unipile-sandbox', { silent: true });
  const clock = new Clock();
  const scheduler = new Scheduler(logger);
  const world = new World(clock);
  const webhookFaults = new WebhookFaults();
  const apiFaults = new ApiFaults();
  const dispatcher = new Dispatcher({
    world,
    clock,
    scheduler,
    faults: webhookFaults,
    logger,
    timeoutMs: options.webhookTimeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
    retryDelaysMs: options.webhookRetryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS,
  });
  let url = '';
  const ctx: SandboxContext = {
    world,
    clock,
    scheduler,
    dispatcher,
    events: new WebhookEvents(world, dispatcher),
    webhookFaults,
    apiFaults,
    reactions: new PeopleBehaviour(() => ctx),
    logger,
    apiKey: options.apiKey,
    baseUrl: () => url,
  };
  const server = http.createServer(createApp(ctx));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_SANDBOX_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info('unipile sandbox listening', { url });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      scheduler.close();
      dispatcher.close();
      apiFaults.close();
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
    return closing;
  };
  return { url, port, close };
}
