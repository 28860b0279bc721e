import { and, desc, lt, or, eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { ApiError } from './errors';
import { z } from './openapi';

export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: 'Page size (1–500)' }),
  cursor: z.string().min(1).optional().openapi({ description: 'The `next_cursor` of the previous page' }),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable().openapi({ description: 'null on the last page' }) });

interface Position {
  createdAt: string;
  id: string;
}

const decode = (cursor: string): Position => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
    if (typeof parsed.createdAt !== 'string' || typeof parsed.id !== 'string' || Number.isNaN(Date.parse(parsed.createdAt))) throw new Error('shape');
    return parsed;
  } catch {
    throw new ApiError(400, 'validation_failed', 'query.cursor: not a cursor this API issued', [{ location: 'query', path: 'cursor', message: 'not a cursor this API issued' }]);
  }
};

/**
 * Keyset pagination, newest first, on (created_at, id): stable under inserts and cheap at any depth.
 * Returns the extra WHERE condition and the ORDER BY for a query, and a function turning the
 * fetched rows (one more than the limit) into a page.
 */
export function keyset(columns: { createdAt: PgColumn; id: PgColumn }, query: { limit: number; cursor?: string }) {
  const position = query.cursor ? decode(query.cursor) : null;
  const where: SQL | undefined = position
    ? or(lt(columns.createdAt, new Date(position.createdAt)), and(eq(columns.createdAt, new Date(position.createdAt)), lt(columns.id, position.id)))
    : undefined;
  return {
    where,
    orderBy: [desc(columns.createdAt), desc(columns.id)],
    limit: query.limit + 1,
    page<R extends { createdAt: Date; id: string }, O>(rows: R[], present: (row: R) => O): { items: O[]; next_cursor: string | null } {
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      const next = rows.length > query.limit && last ? Buffer.from(JSON.stringify({ createdAt: last.createdAt.toISOString(), id: last.id })).toString('base64url') : null;
      return { items: items.map(present), next_cursor: next };
    },
  };
}
