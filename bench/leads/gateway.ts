import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const ISSUER = 'outreach-platform';
const AUDIENCE = 'outreach-api';

export interface GatewayProcess {
  url: string;
  /** A bearer token for `userId` (an agent of `clientId`), signed with this run's secret. */
  token(claims: { sub: string; role: 'admin' | 'agent' | 'viewer'; client_id: string | null }): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * HS256 JWT signed here with the secret the gateway was started with: the bench measures the
 * dashboard's path (bearer token, user re-read per request) without a login per run.
 */
function signToken(secret: string, claims: Record<string, unknown>): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, iat: now, exp: now + 3600, iss: ISSUER, aud: AUDIENCE })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api-gateway exited during start:\n${output()}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`api-gateway did not answer /healthz within 30 s:\n${output()}`);
}

/** Runs services/api-gateway as its own process, exactly as `pnpm start` does (sources through tsx). */
export async function startGatewayProcess(env: { databaseUrl: string; redisUrl: string }): Promise<GatewayProcess> {
  const port = await freePort();
  const secret = randomBytes(32).toString('hex');
  const child = spawn(process.execPath, ['--conditions=@outreach/source', '--import', 'tsx', 'services/api-gateway/src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      API_PORT: String(port),
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: `bench-leads-${randomBytes(4).toString('hex')}`,
      JWT_SECRET: secret,
      UNSUBSCRIBE_SECRET: randomBytes(24).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(url, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, token: (claims) => signToken(secret, claims), stop };
}
