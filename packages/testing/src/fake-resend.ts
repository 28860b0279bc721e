import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One `POST /emails` the fake accepted, as the Resend SDK sent it. */
export interface ReceivedEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  idempotencyKey: string | null;
}

export interface FakeResend {
  /** Base URL for `new Resend(key, { baseUrl })` / `RESEND_BASE_URL`. */
  url: string;
  apiKey: string;
  /** Emails accepted (2xx), in order; a repeated idempotency key is accepted once, like Resend. */
  received(): ReceivedEmail[];
  /** Answers the next `count` (default 1) sends with `status` and a Resend-shaped error `body`. */
  failNext(status: number, body: object, count?: number): void;
  /** Every request that reached the server, including refused ones. */
  requests(): number;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/**
 * A local stand-in for the Resend API over real HTTP: `POST /emails` answers `200 { id }` like
 * Resend, checks the bearer key, honours `Idempotency-Key` (same key → same id, recorded once) and
 * can be told to fail the next sends (429, 500, 422 …) so retry paths run against a real socket.
 */
export async function startFakeResend(options: { apiKey?: string } = {}): Promise<FakeResend> {
  const apiKey = options.apiKey ?? `re_test_${randomUUID().replace(/-/g, '')}`;
  const accepted: ReceivedEmail[] = [];
  const byIdempotencyKey = new Map<string, string>();
  const failures: Array<{ status: number; body: object }> = [];
  let requestCount = 0;

  const send = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      requestCount += 1;
      const raw = await readBody(req);
      if (req.method !== 'POST' || req.url !== '/emails')
        return send(res, 404, { statusCode: 404, name: 'not_found', message: 'Not found' });
      if (req.headers.authorization !== `Bearer ${apiKey}`)
        return send(res, 403, { statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid' });
      const failure = failures.shift();
      if (failure) return send(res, failure.status, { statusCode: failure.status, ...failure.body });

      const idempotencyKey = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
      const seen = idempotencyKey ? byIdempotencyKey.get(idempotencyKey) : undefined;
      if (seen) return send(res, 200, { id: seen });

      const body = JSON.parse(raw) as Record<string, unknown>;
      const missing = ['from', 'to', 'subject'].filter((k) => !body[k]);
      if (missing.length > 0)
        return send(res, 422, { statusCode: 422, name: 'missing_required_field', message: `Missing \`${missing.join('`, `')}\` field.` });
      const id = randomUUID();
      if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, id);
      accepted.push({
        id,
        from: String(body.from),
        to: asList(body.to),
        subject: String(body.subject),
        html: typeof body.html === 'string' ? body.html : '',
        text: typeof body.text === 'string' ? body.text : '',
        headers: (body.headers as Record<string, string> | undefined) ?? {},
        idempotencyKey,
      });
      return send(res, 200, { id });
    })().catch((err: unknown) => send(res, 500, { statusCode: 500, name: 'internal_server_error', message: String(err) }));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    received: () => [...accepted],
    failNext: (status, body, count = 1) => {
      for (let i = 0; i < count; i += 1) failures.push({ status, body });
    },
    requests: () => requestCount,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
