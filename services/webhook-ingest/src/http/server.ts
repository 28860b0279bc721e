import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@outreach/logger';
import { exposition, httpStart, metricsAllowed, observeHttp, webhookDeliveries } from '@outreach/metrics';
import { enqueue, processDeliveryJob, type NamedQueue, type RedisConnection } from '@outreach/queues';
import { classifyDelivery, deriveDeliveryKey } from '@outreach/unipile';
import { createSecretCheck } from './secret';

export interface IngestServerOptions {
  secret: string;
  secretHeader: string;
  /** Largest accepted body, in bytes. */
  bodyLimitBytes: number;
  enqueueTimeoutMs: number;
  /** METRICS_TOKEN: when set, GET /metrics wants it as a bearer token. */
  metricsToken?: string;
  queue: NamedQueue<'unipile-deliveries'>;
  redis: RedisConnection;
  logger: Logger;
}

/** The three paths Unipile is configured with. Each accepts every kind: routing is by shape. */
export const INGEST_ROUTES = ['/api/webhooks/unipile/messaging', '/api/webhooks/unipile/users', '/api/webhooks/unipile/account-status'];

const OPS_ROUTES = ['/healthz', '/readyz', '/metrics'];

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

/** The platform's one error shape. */
const sendError = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } });

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

class BodyTooLarge extends Error {}

/** Reads the raw body whatever its Content-Type (Unipile sends none unless told to), up to `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/**
 * The webhook receiver on plain node:http — it is the hottest path of the platform and needs no
 * framework: verify the secret → read and parse → derive the delivery key → enqueue with that key
 * as job id → 200 only once Redis acknowledged. It touches no database, so a Postgres outage never
 * costs a delivery; a Redis outage answers 503 fast so that Unipile retries.
 */
export function createIngestServer(options: IngestServerOptions): Server {
  const isSecretValid = createSecretCheck(options.secret);
  const header = options.secretHeader.toLowerCase();

  const receive = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const presented = req.headers[header];
    if (!isSecretValid(Array.isArray(presented) ? presented[0] : presented)) {
      options.logger.warn('webhook rejected: bad or missing secret', { path, ip: req.socket.remoteAddress });
      webhookDeliveries.inc({ kind: 'unknown', outcome: 'unauthorized' });
      req.resume();
      return sendError(res, 401, 'unauthorized', `missing or invalid ${options.secretHeader} header`);
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, options.bodyLimitBytes);
    } catch (err) {
      webhookDeliveries.inc({ kind: 'unknown', outcome: 'rejected' });
      if (err instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return sendError(res, 413, 'payload_too_large', `body exceeds the ${options.bodyLimitBytes} byte limit`);
      }
      return sendError(res, 400, 'request_aborted', 'the request body was not received completely');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      webhookDeliveries.inc({ kind: 'unknown', outcome: 'rejected' });
      const reason = raw.length === 0 || raw.toString('utf8').trim() === '' ? 'the body is empty' : (err as Error).message;
      return sendError(res, 400, 'invalid_json', `body is not valid JSON: ${reason}`);
    }
    const kind = classifyDelivery(body);
    const deliveryKey = deriveDeliveryKey(kind, body);
    try {
      await withTimeout(
        enqueue({ unipileDeliveries: options.queue }, processDeliveryJob, {
          deliveryKey,
          kind,
          route: path,
          receivedAt: new Date().toISOString(),
          body,
        }),
        options.enqueueTimeoutMs,
      );
    } catch (err) {
      options.logger.error('webhook not enqueued: answering 503 so Unipile retries', { path, kind, err });
      webhookDeliveries.inc({ kind, outcome: 'unavailable' });
      return sendError(res, 503, 'unavailable', 'the delivery could not be stored; retry later');
    }
    webhookDeliveries.inc({ kind, outcome: 'accepted' });
    send(res, 200, { status: 'accepted', kind });
  };

  const metrics = async (req: IncomingMessage, res: ServerResponse) => {
    if (!metricsAllowed(req.headers.authorization, options.metricsToken))
      return sendError(res, 401, 'unauthorized', 'missing or invalid bearer token (METRICS_TOKEN)');
    const { contentType, body } = await exposition();
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
  };

  const ready = async (res: ServerResponse) => {
    try {
      await withTimeout(options.redis.ping(), options.enqueueTimeoutMs);
      send(res, 200, { status: 'ok', redis: 'ok' });
    } catch {
      sendError(res, 503, 'not_ready', 'Redis is unreachable');
    }
  };

  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const startedAt = httpStart();
    // The route label is one of the fixed paths, never the raw URL (a scanner's paths would each be a series).
    const route = INGEST_ROUTES.includes(path) || OPS_ROUTES.includes(path) ? path : 'unmatched';
    res.once('finish', () => observeHttp(req.method ?? 'GET', route, res.statusCode, startedAt));
    const handle = (): Promise<void> | void => {
      if (req.method === 'POST' && INGEST_ROUTES.includes(path)) return receive(req, res, path);
      if (req.method === 'GET' && path === '/healthz') return send(res, 200, { status: 'ok' });
      if (req.method === 'GET' && path === '/readyz') return ready(res);
      if (req.method === 'GET' && path === '/metrics') return metrics(req, res);
      req.resume();
      return sendError(res, 404, 'not_found', 'no such route');
    };
    Promise.resolve()
      .then(handle)
      .catch((err: unknown) => {
        options.logger.error('ingest failed', { path, err });
        if (!res.headersSent) sendError(res, 500, 'internal_error', 'internal error');
      });
  });
}
