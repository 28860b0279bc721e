import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  /** Lower-cased header names, as Node parses them. */
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** Milliseconds since the epoch when the request finished arriving. */
  at: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT`; append any path. */
  url: string;
  requests: ReceivedRequest[];
  /** Decides the status for each request (default 200); `index` counts from 0. */
  respondWith(responder: (req: ReceivedRequest, index: number) => number): void;
  /** Resolves with the matching requests once `count` of them arrived; rejects after `timeoutMs`. */
  waitFor(count: number, match?: (req: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * A tiny HTTP server that records every request, for asserting on webhook deliveries over real
 * HTTP. Tests wait on it (`waitFor`) rather than sleeping.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let responder: (req: ReceivedRequest, index: number) => number = () => 200;
  let waiters: Array<() => void> = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        json: parseJson(body),
        at: Date.now(),
      };
      const index = requests.length;
      requests.push(received);
      res.statusCode = responder(received, index);
      res.end();
      const current = waiters;
      waiters = [];
      for (const w of current) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const waitFor = (count: number, match: (req: ReceivedRequest) => boolean = () => true, timeoutMs = 5_000): Promise<ReceivedRequest[]> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = requests.filter(match);
        if (found.length < count) return false;
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== listener);
        reject(new Error(`expected ${count} matching webhook requests, got ${requests.filter(match).length} after ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (): void => {
        if (!check()) waiters.push(listener);
      };
      listener();
    });

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith: (r) => {
      responder = r;
    },
    waitFor,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
