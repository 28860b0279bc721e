import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HookRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP endpoint standing in for Slack and a client's webhook receiver: records posts, can fail the next ones. */
export interface HookReceiver {
  url: string;
  received(path?: string): HookRequest[];
  /** Answers the next `count` requests to `path` with `status`. */
  failNext(path: string, status: number, count?: number): void;
  close(): Promise<void>;
}

export async function startHookReceiver(): Promise<HookReceiver> {
  const requests: HookRequest[] = [];
  const failures = new Map<string, number[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const queued = failures.get(path) ?? [];
      const status = queued.shift();
      if (status !== undefined) {
        res.writeHead(status).end('failing on purpose');
        return;
      }
      requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: (path) => requests.filter((r) => path === undefined || r.path === path),
    failNext: (path, status, count = 1) => failures.set(path, [...(failures.get(path) ?? []), ...Array<number>(count).fill(status)]),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
