import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema>;
/** A transaction handle; queries take `Db | Tx` as their first argument. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  max?: number;
  /** Seconds before an idle connection is closed. */
  idleTimeout?: number;
}

type Unsafe = postgres.Sql['unsafe'];

/**
 * Makes every query drizzle sends a named prepared statement. Drizzle runs its queries through
 * `sql.unsafe(..., { prepare: false })` unless `.prepare()` is called on each one; unprepared,
 * postgres.js spends an extra round trip describing every statement and Postgres parses and plans
 * it each time. The reply path runs a dozen statements per delivery: preparing them raised the
 * reply-matcher's throughput by ~60% in bench/ingest. Transactions get their own connection object,
 * so `begin` and `savepoint` are wrapped too.
 */
function preferPrepared<T extends { unsafe: Unsafe }>(client: T): T {
  const unsafe = client.unsafe.bind(client) as Unsafe;
  client.unsafe = ((query: string, args?: unknown[], opts?: object) => unsafe(query, args as never, { ...opts, prepare: true })) as Unsafe;
  for (const method of ['begin', 'savepoint'] as const) {
    const original = (client as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
    if (typeof original !== 'function') continue;
    (client as unknown as Record<string, unknown>)[method] = (...a: unknown[]) => {
      const last = a.length - 1;
      const callback = a[last] as (tx: { unsafe: Unsafe }) => unknown;
      a[last] = (tx: { unsafe: Unsafe }) => callback(preferPrepared(tx));
      return original.apply(client, a);
    };
  }
  return client;
}

/** Opens a postgres.js pool wrapped in drizzle. Call `close()` on shutdown. */
export function createDatabase(url: string, options: DatabaseOptions = {}): Database {
  const sql = preferPrepared(
    postgres(url, {
      max: options.max ?? 10,
      idle_timeout: options.idleTimeout ?? 30,
      onnotice: () => undefined,
    }),
  );
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
