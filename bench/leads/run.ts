import { performance } from 'node:perf_hooks';
import { createDatabase, runMigrations } from '@outreach/db';
import { startGatewayProcess, type GatewayProcess } from './gateway';
import { createBenchTenant, leadCsv, leadJson, seedLeads } from './seed';
import { runBench } from '../support/lifecycle';

/**
 * Lead import and listing through the HTTP API of a real api-gateway process, against the
 * `outreach_bench` database. Prints figures; asserts nothing. Targets (issue 3): a 10,000-row CSV
 * imports in < 5 s; a page of a 100,000-lead campaign answers with p95 < 50 ms.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/outreach_bench';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const IMPORT_ROWS = 10_000;
const IMPORT_RUNS = 3;
const LIST_LEADS = 100_000;
const PAGE_SIZE = 50;

type Api = { gateway: GatewayProcess; token: string };
type Figure = [figure: string, value: string, target?: string];

const out = (line = '') => process.stdout.write(`${line}\n`);
const ms = (v: number) => `${v.toFixed(1)} ms`;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const spread = (samples: number[]) =>
  `p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}, max ${ms(Math.max(...samples))} (n=${samples.length})`;

async function call(api: Api, method: string, path: string, body?: { raw: string } | { json: unknown }) {
  const headers: Record<string, string> = { authorization: `Bearer ${api.token}` };
  let payload: string | undefined;
  if (body && 'raw' in body) [headers['content-type'], payload] = ['text/csv', body.raw];
  if (body && 'json' in body) [headers['content-type'], payload] = ['application/json', JSON.stringify(body.json)];
  const started = performance.now();
  const res = await fetch(`${api.gateway.url}${path}`, { method, headers, body: payload });
  const json = (await res.json()) as Record<string, unknown>;
  const elapsed = performance.now() - started;
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return { elapsed, json };
}

async function benchImport(api: Api, newCampaign: (name: string) => Promise<{ id: string }>): Promise<Figure[]> {
  const figures: Figure[] = [];
  const times: number[] = [];
  let last = { campaignId: '', file: '' };
  for (let run = 1; run <= IMPORT_RUNS; run += 1) {
    // New people per run: the same people in a second campaign of the client would be blocked as cross-campaign.
    const file = leadCsv(IMPORT_ROWS, `run${Date.now()}-${run}`);
    const campaign = await newCampaign(`import ${run}`);
    const { elapsed, json } = await call(api, 'POST', `/api/campaigns/${campaign.id}/leads/import`, { raw: file });
    times.push(elapsed);
    figures.push([
      `CSV import ${IMPORT_ROWS.toLocaleString('en-US')} rows, run ${run} (created ${String(json.created)})`,
      ms(elapsed),
      '< 5000 ms',
    ]);
    last = { campaignId: campaign.id, file };
  }
  figures.push([`CSV import, median of ${IMPORT_RUNS}`, ms(percentile(times, 50)), '< 5000 ms']);
  const again = await call(api, 'POST', `/api/campaigns/${last.campaignId}/leads/import`, { raw: last.file });
  figures.push([
    `same CSV again (created ${String(again.json.created)}, duplicates ${String(again.json.duplicates_in_campaign)})`,
    ms(again.elapsed),
  ]);
  const jsonCampaign = await newCampaign('json import');
  const viaJson = await call(api, 'POST', `/api/campaigns/${jsonCampaign.id}/leads`, { json: leadJson(IMPORT_ROWS, `run${Date.now()}`) });
  figures.push([
    `JSON import ${IMPORT_ROWS.toLocaleString('en-US')} leads (created ${String(viaJson.json.created)})`,
    ms(viaJson.elapsed),
    '< 5000 ms',
  ]);
  return figures;
}

type Page = { items: Array<{ id: string }>; next_cursor: string | null };

/** Follows next_cursor to the end, timing every page; returns the samples and how many leads it saw. */
async function walk(api: Api, base: string): Promise<{ samples: number[]; seen: number }> {
  const samples: number[] = [];
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const { elapsed, json } = await call(api, 'GET', `${base}${cursor ? `&cursor=${cursor}` : ''}`);
    const page = json as unknown as Page;
    samples.push(elapsed);
    for (const item of page.items) ids.add(item.id);
    cursor = page.next_cursor;
  } while (cursor);
  return { samples, seen: ids.size };
}

async function repeat(api: Api, path: string, times: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) samples.push((await call(api, 'GET', path)).elapsed);
  return samples;
}

async function benchList(api: Api, campaignId: string): Promise<Figure[]> {
  const base = `/api/campaigns/${campaignId}/leads?limit=${PAGE_SIZE}`;
  await repeat(api, base, 20);
  const first = await repeat(api, base, 200);
  const all = await walk(api, base);
  const deep = all.samples.slice(Math.floor(all.samples.length / 2));
  const errorFirst = await repeat(api, `${base}&status=error`, 100);
  const errorWalk = await walk(api, `${base}&status=error`);
  const big = await repeat(api, `/api/campaigns/${campaignId}/leads?limit=500`, 50);
  return [
    [`first page (limit ${PAGE_SIZE}), 200 requests`, spread(first), 'p95 < 50 ms'],
    [`every page via cursor (${all.seen.toLocaleString('en-US')} leads seen)`, spread(all.samples), 'p95 < 50 ms'],
    ['deepest half of those pages', spread(deep), 'p95 < 50 ms'],
    ['status=error (1%), first page, 100 requests', spread(errorFirst), 'p95 < 50 ms'],
    [`status=error, every page (${errorWalk.seen} leads)`, spread(errorWalk.samples), 'p95 < 50 ms'],
    ['first page with limit 500, 50 requests', spread(big)],
  ];
}

function print(title: string, figures: Figure[]): void {
  const width = Math.max(...figures.map(([f]) => f.length));
  out(`\n${title}`);
  for (const [figure, value, target] of figures) out(`  ${figure.padEnd(width)}  ${value}${target ? `   [target ${target}]` : ''}`);
}

async function main(): Promise<void> {
  await runMigrations(DATABASE_URL);
  const database = createDatabase(DATABASE_URL, { max: 4 });
  const tenant = await createBenchTenant(database);
  const gateway = await startGatewayProcess({ databaseUrl: DATABASE_URL, redisUrl: REDIS_URL });
  try {
    const api: Api = { gateway, token: gateway.token({ sub: tenant.agent.id, role: 'agent', client_id: tenant.client.id }) };
    out(`api-gateway at ${gateway.url}, database ${DATABASE_URL}`);
    print('Import through POST /api/campaigns/:id/leads/import and /leads', await benchImport(api, tenant.campaign));
    const listed = await tenant.campaign('listing');
    const seeding = performance.now();
    await seedLeads(database, listed, LIST_LEADS);
    out(`\nseeded ${LIST_LEADS.toLocaleString('en-US')} leads by SQL in ${ms(performance.now() - seeding)}`);
    print(`GET /api/campaigns/:id/leads on ${LIST_LEADS.toLocaleString('en-US')} leads (HTTP round trip)`, await benchList(api, listed.id));
  } finally {
    await gateway.stop();
    await tenant.remove();
    await database.close();
  }
}

runBench(main);
