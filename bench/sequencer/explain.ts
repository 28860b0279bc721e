import { lockDueLeads, rows, type Db, type Tx } from '@outreach/db';
import { sql } from 'drizzle-orm';

type Query = Parameters<Tx['execute']>[0];
type Dialect = { sqlToQuery(query: Query): { sql: string; params: unknown[] } };

class Rollback extends Error {}

/** Which query function of packages/db a statement came from, recognised by its text. */
const STATEMENTS: Array<[label: string, marker: RegExp]> = [
  ['lockDueLeads (select … for update skip locked)', /for update of l skip locked/],
  ['queueActions (insert into outbound_actions)', /insert into outbound_actions/],
  ['rescheduleLeads (update leads)', /update leads l/],
];

export const statementLabel = (text: string): string =>
  STATEMENTS.find(([, marker]) => marker.test(text))?.[0] ?? `other: ${text.replace(/\s+/g, ' ').trim().slice(0, 60)}`;

/**
 * EXPLAIN (ANALYZE, BUFFERS) of exactly the statement `lockDueLeads` sends: the transaction handed
 * to it runs every `execute` as an EXPLAIN instead, and is rolled back (ANALYZE executes the
 * statement, so its row locks are taken and released; nothing is written).
 *
 * `generic` explains the same text as a prepared statement under `plan_cache_mode =
 * force_generic_plan`: the service sends it as a named prepared statement (packages/db prepares
 * everything), and Postgres may switch to the generic plan after five executions on a connection.
 */
export async function explainDueQuery(db: Db, now: Date, limit: number, mode: 'custom' | 'generic'): Promise<string[]> {
  const lines: string[] = [];
  await db
    .transaction(async (tx) => {
      const explaining = new Proxy(tx, {
        get(target, prop) {
          if (prop === 'execute') {
            return async (query: Query) => {
              lines.push(...(mode === 'custom' ? await explainCustom(target, query) : await explainGeneric(target, query)));
              return [];
            };
          }
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      await lockDueLeads(explaining, now, limit);
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return lines;
}

async function explainCustom(tx: Tx, query: Query): Promise<string[]> {
  const plan = await rows<Record<string, string>>(tx, sql`explain (analyze, buffers) ${query}`);
  return plan.map((r) => r['QUERY PLAN'] ?? '');
}

async function explainGeneric(tx: Tx, query: Query): Promise<string[]> {
  const dialect = (tx as unknown as { dialect: Dialect }).dialect;
  const { sql: text, params } = dialect.sqlToQuery(query);
  const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
  await tx.execute(sql.raw(`set local plan_cache_mode = force_generic_plan`));
  await tx.execute(sql.raw(`prepare bench_due_leads as ${text}`));
  const plan = await rows<Record<string, string>>(
    tx,
    sql.raw(`explain (analyze, buffers) execute bench_due_leads(${params.map(literal).join(', ')})`),
  );
  await tx.execute(sql.raw('deallocate bench_due_leads'));
  return plan.map((r) => r['QUERY PLAN'] ?? '');
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of every statement one tick batch sends (`lockDueLeads`,
 * `queueActions`, `setActionJobIds`, `rescheduleLeads`), keyed by its first line. Each statement is
 * explained under a savepoint that is rolled back, then run for real so the tick can go on with its
 * results; the whole batch is rolled back at the end and no job is enqueued. The caller should
 * VACUUM afterwards: the rolled-back rows stay behind as dead tuples (autovacuum is off here).
 */
export async function explainTickBatch<D extends { db: Db; tick: { maxBatches: number } }>(
  deps: D,
  runTick: (deps: D) => Promise<unknown>,
): Promise<Array<{ statement: string; plan: string[] }>> {
  const plans: Array<{ statement: string; plan: string[] }> = [];
  const explainingTx = (tx: Tx): Tx =>
    new Proxy(tx, {
      get(target, prop) {
        if (prop !== 'execute') {
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        }
        return async (query: Query) => {
          const text = (target as unknown as { dialect: Dialect }).dialect.sqlToQuery(query).sql;
          await target
            .transaction(async (savepoint) => {
              plans.push({ statement: statementLabel(text), plan: await explainCustom(savepoint, query) });
              throw new Rollback();
            })
            .catch((err: unknown) => {
              if (!(err instanceof Rollback)) throw err;
            });
          return target.execute(query);
        };
      },
    });
  const db = new Proxy(deps.db, {
    get(target, prop) {
      if (prop !== 'transaction') {
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return (work: (tx: Tx) => Promise<unknown>) =>
        target.transaction(async (tx) => {
          await work(explainingTx(tx));
          throw new Rollback();
        });
    },
  });
  await runTick({ ...deps, db, tick: { ...deps.tick, maxBatches: 1 } }).catch((err: unknown) => {
    if (!(err instanceof Rollback)) throw err;
  });
  return plans;
}
