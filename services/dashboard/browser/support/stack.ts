/**
 * The real platform for the browser tests, as processes: the Unipile sandbox, webhook-ingest,
 * reply-matcher, sequencer, outbound-sender, api-gateway, reporter (analytics rollups) and the dashboard server, on random
 * ports, a fresh database and a fresh Redis prefix. Run with tsx (workspace sources); prints one
 * JSON line `STACK {...}` once everything answers, and tears everything down on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { clients, createDatabase, linkedinAccounts } from '@outreach/db';
import { createFreshDatabase, testRedisUrl, uniquePrefix } from '@outreach/testing';
import { createUnipileClient, ensureWebhooks } from '@outreach/unipile';
import { SandboxControl, startSandbox } from '@outreach/unipile-sandbox';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const SANDBOX_KEY = 'browser-sandbox-key';
const SECRET = 'browser-webhook-secret-0123456789';
export const ADMIN = { email: 'admin@browser.test', password: 'browser-admin-password' };
export const VIEWER = { email: 'viewer@browser.test', password: 'browser-viewer-password' };
/** Sandbox people who accept within seconds and answer the first message (slower than two dashboard refreshes, so each state shows). */
export const PEOPLE = [
  { first_name: 'Ada', last_name: 'Lovelace', public_identifier: 'ada-lovelace-browser', company: 'Analytical' },
  { first_name: 'Alan', last_name: 'Turing', public_identifier: 'alan-turing-browser', company: 'Bletchley' },
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];

function start(name: string, script: string, env: Record<string, string>, ready: RegExp): Promise<void> {
  const child = spawn(process.execPath, ['--conditions=@outreach/source', '--import', 'tsx', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out.slice(-2000)}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (process.env.STACK_VERBOSE) process.stderr.write(`[${name}] ${chunk.toString()}`);
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}):\n${out.slice(-2000)}`)));
  });
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, apiKey: SANDBOX_KEY, webhookRetryDelaysMs: [100, 200, 400, 800] });
  const control = new SandboxControl(sandbox.url, SANDBOX_KEY);
  const fresh = await createFreshDatabase('browser');
  const [ingestPort, apiPort, dashboardPort] = [await freePort(), await freePort(), await freePort()];
  const env: Record<string, string> = {
    DATABASE_URL: fresh.url,
    DATABASE_POOL_SIZE: '3',
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix(),
    UNIPILE_DSN: sandbox.url,
    UNIPILE_API_KEY: SANDBOX_KEY,
    UNIPILE_WEBHOOK_SECRET: SECRET,
    INGEST_PORT: String(ingestPort),
    PUBLIC_INGEST_URL: `http://127.0.0.1:${ingestPort}`,
    API_PORT: String(apiPort),
    JWT_SECRET: 'browser-tests-jwt-secret-0123456789abcdef',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    UNSUBSCRIBE_SECRET: 'browser-tests-unsubscribe-secret-0123',
    SEQUENCER_TICK_SECONDS: '1',
    CONNECTION_SYNCS_PER_DAY: '0',
    DASHBOARD_PORT: String(dashboardPort),
    GATEWAY_URL: `http://127.0.0.1:${apiPort}`,
    // Free metrics ports: the default ones may be taken by a `pnpm start` on the same host.
    METRICS_PORT: '0',
    // Analytics read the rollups the reporter keeps: every second here, so figures follow the journey.
    ANALYTICS_ROLLUP_EVERY_SECONDS: '1',
  };
  const cleanup = async () => {
    for (const child of children) child.kill('SIGKILL');
    await sandbox.close().catch(() => undefined);
    await fresh.drop().catch(() => undefined);
  };
  process.once('SIGTERM', () => void cleanup().finally(() => process.exit(0)));
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(0)));

  await Promise.all([
    start('webhook-ingest', 'services/webhook-ingest/src/main.ts', env, /webhook-ingest listening/),
    start('reply-matcher', 'services/reply-matcher/src/main.ts', env, /reply-matcher started/),
    start('sequencer', 'services/sequencer/src/main.ts', env, /sequencer started/),
    start('outbound-sender', 'services/outbound-sender/src/main.ts', env, /outbound-sender started/),
    start('api-gateway', 'services/api-gateway/src/main.ts', env, /api-gateway listening/),
    start('dashboard', 'services/dashboard/src/server/main.ts', env, /dashboard listening/),
    start('reporter', 'services/reporter/src/main.ts', env, /reporter started/),
  ]);
  const unipile = createUnipileClient({ dsn: sandbox.url, apiKey: SANDBOX_KEY, timeoutMs: 5000 });
  await ensureWebhooks(unipile, { ingestBaseUrl: env.PUBLIC_INGEST_URL as string, secretHeader: 'Unipile-Auth', secret: SECRET });

  const account = await control.createAccount({ name: 'Robin Sender' });
  const people: Record<string, string> = {};
  for (const p of PEOPLE) {
    const person = await control.createPerson({
      first_name: p.first_name,
      last_name: p.last_name,
      public_identifier: p.public_identifier,
      behaviour: { accept_after_ms: [3000, 4000], reply_after_ms: [5000, 6000], reply_text: `Hello from ${p.first_name}!` },
    });
    people[p.public_identifier] = person.provider_id;
  }
  const database = createDatabase(fresh.url, { max: 1 });
  const [client] = await database.db.insert(clients).values({ name: 'Browser Client', timezone: 'UTC' }).returning();
  await database.db.insert(linkedinAccounts).values({
    clientId: client!.id,
    unipileAccountId: account.id,
    name: 'Robin Sender',
    timezone: 'UTC',
    providerUserId: account.connection_params.im.id,
    minActionSpacingSeconds: 0,
    maxActionSpacingSeconds: 1,
  });
  await database.close();

  const gateway = `http://127.0.0.1:${apiPort}`;
  const login = (await (
    await fetch(`${gateway}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    })
  ).json()) as { access_token: string };
  const viewer = await fetch(`${gateway}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.access_token}` },
    body: JSON.stringify({ ...VIEWER, role: 'viewer', client_id: client!.id }),
  });
  if (!viewer.ok) throw new Error(`creating the viewer failed: ${viewer.status} ${await viewer.text()}`);

  process.stdout.write(
    `STACK ${JSON.stringify({ dashboardUrl: `http://127.0.0.1:${dashboardPort}`, databaseUrl: fresh.url, sandboxUrl: sandbox.url, sandboxKey: SANDBOX_KEY, unipileAccountId: account.id, clientName: 'Browser Client', people })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`stack failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
});
