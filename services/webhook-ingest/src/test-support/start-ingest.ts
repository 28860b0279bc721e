import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLogger } from '@outreach/logger';
import { createQueues, createRedisConnection, closeQueues, type Queues } from '@outreach/queues';
import type { Redis } from 'ioredis';
import { createIngestServer } from '../http/server';

export interface RunningIngest {
  url: string;
  queues: Queues;
  redis: Redis;
  close(): Promise<void>;
}

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

/** webhook-ingest on a random port, on its own Redis connection and queue prefix. */
export async function startIngest(options: {
  redisUrl: string;
  prefix: string;
  bodyLimitBytes?: number;
  enqueueTimeoutMs?: number;
}): Promise<RunningIngest> {
  const logger = createLogger('webhook-ingest', { silent: true });
  const redis = createRedisConnection(options.redisUrl, 'producer');
  redis.on('error', () => undefined);
  const queues = createQueues(redis, options.prefix, logger);
  const server: Server = createIngestServer({
    secret: TEST_WEBHOOK_SECRET,
    secretHeader: 'Unipile-Auth',
    bodyLimitBytes: options.bodyLimitBytes ?? 64 * 1024,
    enqueueTimeoutMs: options.enqueueTimeoutMs ?? 800,
    queue: queues.unipileDeliveries,
    redis,
    logger,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queues,
    redis,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeQueues(queues);
      redis.disconnect();
    },
  };
}
