import { performance } from 'node:perf_hooks';
import { createDatabase, runMigrations } from '@outreach/db';
import { startGatewayProcess, type GatewayProcess } from '../leads/gateway';
import { seedInbox } from './seed';

/**
 * The inbox through a real api-gateway process against `outreach_bench`: list and search latency
 * over a seeded tenant, and SSE fan-out to many open streams. Prints figures; asserts nothing.
 * Targets (issue 11): 50k conversations and 1M messages → list p95 ≤ 30 ms, search p95 ≤ 50 ms;
 * 500 open streams on one gateway → fan-out p99 ≤ 100 ms. Sizes: INBOX_BENCH_CONVERSATIONS,
 * INBOX_BENCH_MESSAGES, INBOX_BENCH_STREAMS, INBOX_BENCH_EVENTS (smaller on a shared machine).
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/outreach_bench';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONVERSATIONS = Number(process.env.INBOX_BENCH_CONVERSATIONS ?? 50_000);
const MESSAGES = Number(process.env.INBOX_BENCH_MESSAGES ?? 1_000_000);
const STREAMS = Number(process.env.INBOX_BENCH_STREAMS ?? 500);
const EVENTS = Number(process.env.INBOX_BENCH_EVENTS ?? 20);
const SAMPLES = 200;

const out = (line = '') => process.stdout.write(`${line}\n`);
const ms = (v: number) => `${v.toFixed(1)} ms`;
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const spread = (s: number[]) =>
  `p50 ${ms(percentile(s, 50))}, p95 ${ms(percentile(s, 95))}, p99 ${ms(percentile(s, 99))}, max ${ms(Math.max(...s))} (n=${s.length})`;

async function timed(gateway: GatewayProcess, token: string, path: string, init: RequestInit = {}) {
  const started = performance.now();
  const res = await fetch(`${gateway.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return { elapsed: performance.now() - started, json };
}

async function sample(gateway: GatewayProcess, token: string, paths: () => string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 10; i += 1) await timed(gateway, token, paths()); // warm-up
  for (let i = 0; i < SAMPLES; i += 1) samples.push((await timed(gateway, token, paths())).elapsed);
  return samples;
}

/** Opens `count` streams; resolves each event id → the receive times at every stream. */
async function openStreams(gateway: GatewayProcess, token: string, count: number, received: Map<number, number[]>) {
  const aborts: AbortController[] = [];
  for (let i = 0; i < count; i += 1) {
    const { json } = await timed(gateway, token, '/api/inbox/stream-ticket', { method: 'POST' });
    const abort = new AbortController();
    aborts.push(abort);
    const res = await fetch(`${gateway.url}/api/inbox/stream?ticket=${String(json.ticket)}`, { signal: abort.signal });
    void (async () => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        const at = performance.now();
        for (const m of decoder.decode(value, { stream: true }).matchAll(/^id: (\d+)$/gm)) {
          const id = Number(m[1]);
          // Appended in place: copying the array for each of 500 streams would be the bench's own cost.
          const times = received.get(id);
          if (times) times.push(at);
          else received.set(id, [at]);
        }
      }
    })();
  }
  return () => aborts.forEach((a) => a.abort());
}

async function main() {
  await runMigrations(DATABASE_URL);
  const database = createDatabase(DATABASE_URL, { max: 4 });
  out(
    `# inbox bench: ${CONVERSATIONS.toLocaleString('en-US')} conversations, ${MESSAGES.toLocaleString('en-US')} messages (and as much noise in a second client), ${STREAMS} streams`,
  );
  const seedStart = performance.now();
  const seeded = await seedInbox(database, { conversations: CONVERSATIONS, messages: MESSAGES });
  out(`seeded in ${ms(performance.now() - seedStart)}`);
  const gateway = await startGatewayProcess({ databaseUrl: DATABASE_URL, redisUrl: REDIS_URL });
  const { tenant } = seeded;
  const token = gateway.token({ sub: tenant.agent.id, role: 'agent', client_id: tenant.client.id });
  try {
    // Read from the maintained counts in well under a millisecond of SQL: what any authenticated
    // request costs here (auth, user re-read, JSON), the floor the list figures below sit on.
    const counters = await sample(gateway, token, () => '/api/inbox/counters');
    out(`counters (the request floor):           ${spread(counters)}`);
    const first = await sample(gateway, token, () => '/api/inbox/conversations?limit=25');
    out(`list, first page (with meta):           ${spread(first)}  target p95 ≤ 30 ms`);
    const open = await sample(gateway, token, () => '/api/inbox/conversations?status=open&assignee=unassigned&limit=25');
    out(`list, status=open&assignee=unassigned:  ${spread(open)}  target p95 ≤ 30 ms`);
    const label = await sample(gateway, token, () => '/api/inbox/conversations?label=hot&unread=true&limit=25');
    out(`list, label=hot&unread=true:            ${spread(label)}`);
    const search = await sample(gateway, token, () => `/api/inbox/conversations?q=topic${Math.floor(Math.random() * 20000)}&limit=25`);
    out(`search q (one word, ~${Math.round(MESSAGES / 20000)} hits):      ${spread(search)}  target p95 ≤ 50 ms`);

    const received = new Map<number, number[]>();
    const close = await openStreams(gateway, token, STREAMS, received);
    await new Promise((r) => setTimeout(r, 1000));
    const conversation = (await timed(gateway, token, '/api/inbox/conversations?limit=1')).json.items as Array<{ id: string }>;
    const latencies: number[] = [];
    for (let i = 0; i < EVENTS; i += 1) {
      const sent = performance.now();
      await timed(gateway, token, `/api/inbox/conversations/${conversation[0]!.id}/labels`, {
        method: 'POST',
        body: JSON.stringify({ labels: [`bench-${i}`] }),
      });
      await new Promise((r) => setTimeout(r, 300));
      const newest = Math.max(...received.keys());
      for (const at of received.get(newest) ?? []) latencies.push(at - sent);
    }
    close();
    out(`SSE fan-out to ${STREAMS} streams (request sent → event received, ${EVENTS} events): ${spread(latencies)}  target p99 ≤ 100 ms`);
  } finally {
    await gateway.stop();
    await seeded.remove();
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
