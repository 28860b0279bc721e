import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Child {
  name: string;
  child: ChildProcess;
  /** Lines printed so far (the last 200). */
  lines(): string[];
  /** How many lines it printed in all. */
  lineCount(): number;
  hasExited(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs a TypeScript entry point as its own Node process, sources read through tsx exactly as
 * `pnpm start` does. Node runs the file directly (no tsx CLI wrapper), so the pid we hold is the
 * process to signal.
 */
export function startChild(name: string, entry: string, env: Record<string, string>, profileDir?: string): Child {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, name)}`] : [];
  const child = spawn(process.execPath, [...profile, '--conditions=@outreach/source', '--import', 'tsx', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kept: string[] = [];
  let count = 0;
  let partial = '';
  const onData = (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    const lines = parts.filter((l) => l.trim().length > 0);
    count += lines.length;
    kept.push(...lines);
    if (kept.length > 200) kept.splice(0, kept.length - 200);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  return {
    name,
    child,
    lines: () => [...kept],
    lineCount: () => count,
    hasExited,
    async stop(graceMs = 8000) {
      if (hasExited()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` every 100 ms until it is true; fails after `timeoutMs` or as soon as `child` exits. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, child?: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child?.hasExited()) throw new Error(`${child.name} exited while waiting for ${what}:\n${child.lines().slice(-20).join('\n')}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${child ? `:\n${child.lines().slice(-20).join('\n')}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True when GET 127.0.0.1:port/path answers 200. */
export function isHttpOk(port: number, urlPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}
