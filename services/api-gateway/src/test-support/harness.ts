import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { users, type Database, type UserRole } from '@outreach/db';
import type { Queues } from '@outreach/queues';
import { createTestInfrastructure } from '@outreach/testing';
import { createUnipileClient } from '@outreach/unipile';
import { SandboxControl, startSandbox, type Sandbox } from '@outreach/unipile-sandbox';
import type { Express } from 'express';
import { createGatewayApp } from '../app';
import { hashPassword } from '../auth/passwords';
import { signAccessToken, type TokenConfig } from '../auth/tokens';
import type { GatewayDeps } from '../deps';

export const TEST_TOKENS: TokenConfig = {
  secret: 'test-jwt-secret-0123456789abcdef0123456789',
  issuer: 'outreach-platform',
  audience: 'outreach-api',
  ttlSeconds: 3600,
};
const SANDBOX_KEY = 'gateway-sandbox-key';
export const TEST_PASSWORD = 'correct horse battery staple';
/** Tests sign their own unsubscribe links with it. */
export const TEST_UNSUBSCRIBE_SECRET = 'gateway-test-unsubscribe-secret-0123';
let passwordHash: Promise<string> | undefined;

export interface GatewayHarness {
  url: string;
  app: Express;
  deps: GatewayDeps;
  database: Database;
  queues: Queues;
  sandbox: Sandbox;
  control: SandboxControl;
  /** A user of that role (and client), with a bearer token. */
  createUser(role: UserRole, clientId: string | null): Promise<{ id: string; email: string; token: string }>;
  /** fetch against the gateway; JSON in, parsed JSON out. */
  call(
    method: string,
    path: string,
    options?: { token?: string; apiKey?: string; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function startGateway(overrides: Partial<GatewayDeps> = {}): Promise<GatewayHarness> {
  const infra = await createTestInfrastructure({ service: 'api-gateway', redisRole: 'producer' });
  const { database, redis, prefix, logger, queues } = infra;
  const sandbox = await startSandbox({ port: 0, apiKey: SANDBOX_KEY });
  infra.onClose(() => sandbox.close());
  const deps: GatewayDeps = {
    db: database.db,
    redis,
    queues,
    unipile: createUnipileClient({ dsn: sandbox.url, apiKey: SANDBOX_KEY, timeoutMs: 5000 }),
    unipileDsn: sandbox.url,
    logger,
    tokens: TEST_TOKENS,
    login: { maxAttempts: 5, windowSeconds: 60 },
    queuePrefix: prefix,
    publicIngestUrl: 'http://127.0.0.1:3001',
    publicApiUrl: 'http://127.0.0.1:3000',
    webhook: { secret: 'gateway-test-webhook-secret-012345', header: 'Unipile-Auth' },
    email: { appBaseUrl: 'http://dashboard.test', unsubscribeSecret: TEST_UNSUBSCRIBE_SECRET },
    notifications: { enabled: true, weeklyReportsEnabled: true, allowLocalHttpHooks: true },
    ...overrides,
  };
  const app = createGatewayApp(deps);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  infra.onClose(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  return {
    url,
    app,
    deps,
    database,
    queues,
    sandbox,
    control: new SandboxControl(sandbox.url, SANDBOX_KEY),
    async createUser(role, clientId) {
      passwordHash ??= hashPassword(TEST_PASSWORD);
      const email = `${role}-${randomUUID().slice(0, 8)}@agency.example`;
      const [user] = await database.db
        .insert(users)
        .values({ email, role, clientId, passwordHash: await passwordHash })
        .returning();
      return { id: user!.id, email, token: signAccessToken(TEST_TOKENS, { sub: user!.id, role, client_id: clientId }) };
    },
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.apiKey) headers['x-api-key'] = options.apiKey;
      let body: string | undefined;
      if (options.raw !== undefined) {
        body = options.raw;
        headers['content-type'] = options.contentType ?? 'text/csv';
      } else if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      const res = await fetch(`${url}${path}`, { method, headers, body });
      const text = await res.text();
      return { status: res.status, body: text ? safeJson(text) : null, headers: res.headers };
    },
    close: infra.close,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
