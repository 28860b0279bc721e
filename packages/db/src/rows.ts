import { sql, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from './client';

/**
 * Runs a raw SQL statement and returns its rows typed as `T` (the statement's own column names,
 * snake_case as selected). The one place that tells TypeScript what a raw statement returns:
 * drizzle types `execute` results as `Record<string, unknown>`, and its generic refuses interfaces.
 * It adds nothing at run time: the statement is sent exactly as `db.execute` sends it (prepared).
 * Beware: timestamps selected raw may arrive as text; say so in `T` and convert.
 */
export function rows<T extends object>(db: DbOrTx, query: SQLWrapper): Promise<T[]> {
  // drizzle's query promise is returned as is (no extra async frame on the hot paths that use this).
  return db.execute(query) as unknown as Promise<T[]>;
}

/** `select 1`: the database answers (readiness checks). */
export async function pingDatabase(db: DbOrTx): Promise<void> {
  await db.execute(sql`select 1`);
}
