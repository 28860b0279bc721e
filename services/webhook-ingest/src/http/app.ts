import express, { type Express, type Request, type Response } from 'express';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '@outreach/logger';
import { enqueueProcessDelivery } from '@outreach/queues';
import { classifyDelivery, deriveDeliveryKey } from '@outreach/unipile';
import { errorHandler, sendError } from './errors';
import { createSecretCheck } from './secret';

export interface IngestAppOptions {
  secret: string;
  secretHeader: string;
  bodyLimit: string;
  enqueueTimeoutMs: number;
  queue: Queue;
  redis: Redis;
  logger: Logger;
}

/** The three paths Unipile is configured with. Each accepts every kind: routing is by shape. */
export const INGEST_ROUTES = ['/api/webhooks/unipile/messaging', '/api/webhooks/unipile/users', '/api/webhooks/unipile/account-status'];

class EnqueueTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueTimeout(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The webhook receiver: verify the secret → parse → derive the delivery key → enqueue with that key
 * as job id → 200 only once Redis acknowledged. It touches no database, so a Postgres outage never
 * costs a delivery; a Redis outage answers 503 fast so that Unipile retries.
 */
export function createIngestApp(options: IngestAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  const isSecretValid = createSecretCheck(options.secret);
  const header = options.secretHeader.toLowerCase();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await withTimeout(options.redis.ping(), options.enqueueTimeoutMs);
      res.json({ status: 'ok', redis: 'ok' });
    } catch {
      sendError(res, 503, 'not_ready', 'Redis is unreachable');
    }
  });

  const checkSecret = (req: Request, res: Response, next: () => void) => {
    if (!isSecretValid(req.get(header))) {
      options.logger.warn('webhook rejected: bad or missing secret', { path: req.path, ip: req.ip });
      return sendError(res, 401, 'unauthorized', `missing or invalid ${options.secretHeader} header`);
    }
    next();
  };
  // Unipile sends no Content-Type unless told to: read every body as raw bytes whatever it claims.
  const rawBody = express.raw({ type: () => true, limit: options.bodyLimit });

  const receive = async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (err) {
      const reason = raw.trim().length === 0 ? 'the body is empty' : (err as Error).message;
      return sendError(res, 400, 'invalid_json', `body is not valid JSON: ${reason}`);
    }
    const kind = classifyDelivery(body);
    const deliveryKey = deriveDeliveryKey(kind, body);
    try {
      await withTimeout(
        enqueueProcessDelivery(options.queue, { deliveryKey, kind, route: req.path, receivedAt: new Date().toISOString(), body }),
        options.enqueueTimeoutMs,
      );
    } catch (err) {
      options.logger.error('webhook not enqueued: answering 503 so Unipile retries', { path: req.path, kind, err: (err as Error).message });
      return sendError(res, 503, 'unavailable', 'the delivery could not be stored; retry later');
    }
    res.status(200).json({ status: 'accepted', kind });
  };

  for (const route of INGEST_ROUTES) app.post(route, checkSecret, rawBody, receive);
  app.use((_req, res) => sendError(res, 404, 'not_found', 'no such route'));
  app.use(errorHandler);
  return app;
}
