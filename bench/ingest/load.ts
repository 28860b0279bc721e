import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Target {
  port: number;
  path: string;
  secretHeader: string;
  secret: string;
}

export interface Sample {
  /** Wall-clock send time (ms since epoch): comparable with timestamps the services write. */
  sentAtMs: number;
  latencyMs: number;
  /** HTTP status, or 0 for a transport error or a timeout. */
  status: number;
}

export interface ClosedLoopResult {
  samples: Sample[];
  elapsedMs: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

/** A keep-alive agent: the load reuses connections the way Unipile's webhook sender does. */
export const createAgent = (maxSockets: number): http.Agent => new http.Agent({ keepAlive: true, maxSockets });

/**
 * POSTs one body with the shared secret and no Content-Type (Unipile sends none). Resolves with
 * the status (0 on error) and never rejects; the clock starts before the request is written.
 */
export function post(agent: http.Agent, target: Target, body: Buffer): Promise<Sample> {
  const sentAtMs = Date.now();
  const start = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      resolve({ sentAtMs, latencyMs: performance.now() - start, status });
    };
    const req = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.path,
        method: 'POST',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { [target.secretHeader]: target.secret, 'Content-Length': body.length },
      },
      (res) => {
        res.resume();
        res.once('end', () => finish(res.statusCode ?? 0));
        res.once('error', () => finish(0));
      },
    );
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', () => finish(0));
    req.end(body);
  });
}

/**
 * Sends every body once, with `concurrency` requests in flight, as fast as the server answers.
 * Bounded by the body count and by `maxMs` (no new request starts after it), and by `signal`.
 */
export async function runClosedLoop(
  target: Target,
  bodies: Buffer[],
  concurrency: number,
  maxMs: number,
  signal: AbortSignal,
): Promise<ClosedLoopResult> {
  const agent = createAgent(concurrency);
  const samples: Sample[] = [];
  let next = 0;
  const start = performance.now();
  const lane = async () => {
    while (next < bodies.length && !signal.aborted && performance.now() - start < maxMs) {
      const body = bodies[next++] as Buffer;
      samples.push(await post(agent, target, body));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsedMs = performance.now() - start;
  agent.destroy();
  return { samples, elapsedMs };
}

/**
 * Open-loop load: body i is sent at start + i / rate whatever the previous answers, so a slow
 * server shows up as latency rather than as a lower send rate (no coordinated omission).
 * Returns one sample per body, in body order.
 */
export async function runPaced(target: Target, bodies: Buffer[], ratePerSecond: number, signal: AbortSignal): Promise<Sample[]> {
  const agent = createAgent(256);
  const pending: Array<Promise<Sample>> = [];
  const start = performance.now();
  while (pending.length < bodies.length && !signal.aborted) {
    const due = Math.min(bodies.length, Math.floor(((performance.now() - start) * ratePerSecond) / 1000) + 1);
    while (pending.length < due) pending.push(post(agent, target, bodies[pending.length] as Buffer));
    const nextAt = start + (pending.length * 1000) / ratePerSecond;
    await new Promise((r) => setTimeout(r, Math.max(0, nextAt - performance.now())));
  }
  const samples = await Promise.all(pending);
  agent.destroy();
  return samples;
}
