import { ApiError } from '../../http/errors';

/**
 * Keyset cursors of the inbox: a timestamp at Postgres' microsecond precision (as text, a JS Date
 * would drop the microseconds) and the row id, base64url JSON like every cursor of this API.
 */
export interface Position {
  t: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CURSOR = 200;

const badCursor = () =>
  new ApiError(400, 'validation_failed', 'query.cursor: not a cursor this API issued', [
    { location: 'query', path: 'cursor', message: 'not a cursor this API issued' },
  ]);

export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  if (cursor.length > MAX_CURSOR) throw badCursor();
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

export const encodeCursor = (p: Position): string => Buffer.from(JSON.stringify({ t: p.t, id: p.id })).toString('base64url');

/** Cuts a page fetched with `limit + 1` rows and names the next cursor (null on the last page). */
export function cutPage<R>(rows: R[], limit: number, position: (row: R) => Position): { items: R[]; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : null };
}
