import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { ApiError } from './errors';
import { z } from './openapi';

export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: 'Page size (1–500)' }),
  cursor: z.string().min(1).optional().openapi({ description: 'The `next_cursor` of the previous page' }),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable().openapi({ description: 'null on the last page' }) });

/**
 * A keyset position on (created_at, id) at Postgres' microsecond precision. A JS Date would lose
 * the microseconds: a bulk import gives thousands of rows one `created_at` (the transaction's
 * now()), which a millisecond cursor would skip past or never pass. The timestamp travels as
 * Postgres' own text instead.
 */
interface Position {
  t: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const badCursor = () =>
  new ApiError(400, 'validation_failed', 'query.cursor: not a cursor this API issued', [
    { location: 'query', path: 'cursor', message: 'not a cursor this API issued' },
  ]);

function decode(cursor: string): Position {
  let parsed: Partial<Position>;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Position>;
  } catch {
    throw badCursor();
  }
  if (typeof parsed.t !== 'string' || !TIMESTAMP.test(parsed.t) || typeof parsed.id !== 'string' || !UUID.test(parsed.id))
    throw badCursor();
  return { t: parsed.t, id: parsed.id };
}

/** The created_at text a row's cursor is made of: select it next to the row as `cursorAt`. */
export const cursorTimestamp = (createdAt: PgColumn): SQL<string> =>
  sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Newest-first keyset pagination: "after the cursor" as a row comparison, which Postgres answers
 * with one range scan of a (…, created_at, id) index at any depth. Select rows as
 * `{ row: table, cursorAt: cursorTimestamp(table.createdAt) }` and hand them to `page`.
 */
export function keyset(columns: { createdAt: PgColumn; id: PgColumn }, query: { limit: number; cursor?: string }) {
  const position = query.cursor ? decode(query.cursor) : null;
  return {
    where: position ? sql`(${columns.createdAt}, ${columns.id}) < (${position.t}::timestamptz, ${position.id}::uuid)` : undefined,
    orderBy: [sql`${columns.createdAt} desc`, sql`${columns.id} desc`],
    limit: query.limit + 1,
    page<R extends { id: string }, O>(
      rows: Array<{ row: R; cursorAt: string }>,
      present: (row: R) => O,
    ): { items: O[]; next_cursor: string | null } {
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      const next =
        rows.length > query.limit && last ? Buffer.from(JSON.stringify({ t: last.cursorAt, id: last.row.id })).toString('base64url') : null;
      return { items: items.map((r) => present(r.row)), next_cursor: next };
    },
  };
}

/** A page of rows as a store returns it (`keyset(...).page(rows, (r) => r)`), before presentation. */
export interface RowPage<R> {
  items: R[];
  next_cursor: string | null;
}

/** Presents a store's page of rows for the API. */
export const presentPage = <R, O>(page: RowPage<R>, present: (row: R) => O): { items: O[]; next_cursor: string | null } => ({
  items: page.items.map(present),
  next_cursor: page.next_cursor,
});

/** The paging part of a list query. */
export type PageQuery = { limit: number; cursor?: string };
