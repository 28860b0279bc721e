/**
 * `pnpm start`: the whole platform in one terminal for a newcomer or a demo. Migrates, starts the
 * Unipile sandbox when no UNIPILE_DSN is configured (and points its webhooks at webhook-ingest),
 * then runs every service as its own process with prefixed output. Ctrl-C stops them all.
 * Production runs each service on its own (docker-compose.yml); this is not that.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { baseEnv, databaseEnv, loadConfig, METRICS_PORTS, redisEnv, resolveUnipileTarget, unipileEnv, webhookEnv } from '@outreach/config';
import { runMigrations } from '@outreach/db';
import { createUnipileClient, ensureWebhooks } from '@outreach/unipile';
import { seedDemo } from './demo-seed';
import { z } from 'zod';

const SERVICES = ['webhook-ingest', 'reply-matcher', 'sequencer', 'outbound-sender', 'notifier', 'reporter', 'api-gateway'] as const;
const root = path.resolve(__dirname, '..');

const config = loadConfig(
  z.object({
    ...baseEnv,
    ...databaseEnv,
    ...redisEnv,
    ...unipileEnv,
    ...webhookEnv,
    INGEST_PORT: z.coerce.number().int().default(3001),
    API_PORT: z.coerce.number().int().default(3000),
    DASHBOARD_PORT: z.coerce.number().int().default(3002),
    JWT_SECRET: z.string().optional(),
    ADMIN_EMAIL: z.email().default('admin@outreach.local'),
    ADMIN_PASSWORD: z.string().optional(),
    /** Where Unipile reaches webhook-ingest; the sandbox runs here, so localhost by default. */
    PUBLIC_INGEST_URL: z.url().optional(),
  }),
);

const children: ChildProcess[] = [];
const say = (line: string) => process.stdout.write(`[start] ${line}\n`);

function run(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=@outreach/source', '--import', 'tsx', script], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(prefix + line + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    say(`${name} exited (${signal ?? code})`);
    if (!stopping) stop(1);
  });
  children.push(child);
  return child;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let stopping = false;
function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  say('stopping every service');
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r))))).then(() => process.exit(code));
}

async function main(): Promise<void> {
  say('applying migrations');
  await runMigrations(config.DATABASE_URL);

  const secret = config.UNIPILE_WEBHOOK_SECRET ?? randomBytes(24).toString('hex');
  // Development conveniences only: production sets these itself (see README).
  const adminPassword = config.ADMIN_PASSWORD ?? 'outreach-admin-password';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    UNIPILE_WEBHOOK_SECRET: secret,
    JWT_SECRET: config.JWT_SECRET ?? randomBytes(32).toString('hex'),
    ADMIN_EMAIL: config.ADMIN_EMAIL,
    ADMIN_PASSWORD: adminPassword,
    // Local development may point Slack and webhooks at a receiver on this machine; production refuses it.
    OUTBOUND_ALLOW_PRIVATE_CIDRS: process.env.OUTBOUND_ALLOW_PRIVATE_CIDRS ?? '127.0.0.0/8,::1/128',
  };
  const target = resolveUnipileTarget(config);

  if (target.isSandbox) {
    say(`no UNIPILE_DSN: starting the Unipile sandbox on ${target.dsn}`);
    run('unipile-sandbox', 'packages/unipile-sandbox/src/main.ts', { ...env, UNIPILE_API_KEY: target.apiKey });
    await waitForHttp(`${target.dsn}/api/v1/accounts`, 20_000);
  }
  // Each worker serves /metrics and its probes on its own port (the gateway and ingest on their HTTP port).
  for (const service of SERVICES) {
    const metricsPort = (METRICS_PORTS as Record<string, number>)[service];
    run(service, `services/${service}/src/main.ts`, metricsPort === undefined ? env : { ...env, METRICS_PORT: String(metricsPort) });
  }
  // The dashboard serves its built app: build it once, then run its server in front of the gateway.
  say('building the dashboard app');
  execFileSync('pnpm', ['--filter', '@outreach/dashboard', 'build:app'], { cwd: root, stdio: 'ignore' });
  run('dashboard', 'services/dashboard/src/server/main.ts', {
    ...env,
    DASHBOARD_PORT: String(config.DASHBOARD_PORT),
    GATEWAY_URL: `http://127.0.0.1:${config.API_PORT}`,
  });

  const ingestUrl = config.PUBLIC_INGEST_URL ?? `http://127.0.0.1:${config.INGEST_PORT}`;
  await waitForHttp(`http://127.0.0.1:${config.INGEST_PORT}/healthz`, 20_000);
  if (target.isSandbox) {
    const unipile = createUnipileClient({ dsn: target.dsn, apiKey: target.apiKey, timeoutMs: 5000 });
    const hooks = await ensureWebhooks(unipile, { ingestBaseUrl: ingestUrl, secretHeader: config.UNIPILE_WEBHOOK_HEADER, secret });
    say(`sandbox webhooks point at ${ingestUrl} (created ${hooks.created.length}, kept ${hooks.kept.length})`);
    await seedDemo({ databaseUrl: config.DATABASE_URL, sandboxUrl: target.dsn, apiKey: target.apiKey, say });
    say(`sandbox control API (tests and demos): ${target.dsn}/_sandbox, e.g. GET /_sandbox/deliveries with X-API-KEY: ${target.apiKey}`);
  }
  await waitForHttp(`http://127.0.0.1:${config.API_PORT}/healthz`, 20_000);
  await waitForHttp(`http://127.0.0.1:${config.DASHBOARD_PORT}/healthz`, 20_000);
  say(`dashboard: http://127.0.0.1:${config.DASHBOARD_PORT} (sign in as ${config.ADMIN_EMAIL})`);
  say(
    `up: API on http://127.0.0.1:${config.API_PORT} (docs at /docs; first admin ${config.ADMIN_EMAIL}${config.ADMIN_PASSWORD ? '' : ` / ${adminPassword}`}), webhook-ingest on :${config.INGEST_PORT}; Ctrl-C stops everything`,
  );
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
main().catch((err: unknown) => {
  say(`failed: ${err instanceof Error ? err.message : String(err)}`);
  stop(1);
});
