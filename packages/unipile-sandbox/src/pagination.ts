import { z } from 'zod';
import { invalidParameters } from './errors';

/** One page of a list answer; `cursor` is null on the last page, as in Unipile. */
export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export interface LimitBounds {
  min: number;
  max: number;
  fallback: number;
}

/** Limit bounds from the SDK's query schemas. */
export const LIMITS = {
  standard: { min: 1, max: 250, fallback: 100 },
  relations: { min: 1, max: 1000, fallback: 100 },
  invitationsSent: { min: 1, max: 100, fallback: 10 },
} as const satisfies Record<string, LimitBounds>;

/** Cursors are opaque base64 of JSON, like Unipile's (`EncodedQueryCursorType` = base64). */
export const encodeCursor = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64');

/** Decodes a cursor against the shape this route produced; anything else is 400 `invalid_parameters`. */
export function decodeCursor<S extends z.ZodType>(raw: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) throw new Error('not base64');
    json = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
  } catch {
    throw invalidParameters('Invalid cursor at /cursor');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalidParameters('Invalid cursor at /cursor');
  return parsed.data;
}

/** Parses `limit`; outside the route's bounds (or not an integer) is 400 `invalid_parameters`. */
export function parseLimit(raw: string | undefined, bounds: LimitBounds): number {
  if (raw === undefined) return bounds.fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < bounds.min || value > bounds.max) {
    throw invalidParameters(`Expected integer between ${bounds.min} and ${bounds.max} at /limit`);
  }
  return value;
}

/** Offset paging (relations `{limit, startIndex}`, sent invitations `{limit, cursor: number}`). */
export function pageByOffset<T>(items: T[], start: number, limit: number, makeCursor: (next: number) => unknown): Page<T> {
  const slice = items.slice(start, start + limit);
  const next = start + slice.length;
  return { items: slice, cursor: next < items.length ? encodeCursor(makeCursor(next)) : null };
}

export interface KeysetPosition {
  last_id: string;
  last_date: string;
}

/**
 * Keyset paging over items sorted newest first (date desc, then id desc), the way Unipile's
 * chat and message cursors carry `{last_id, last_date}`. Items created after the first page was
 * read do not shift later pages.
 */
export function pageByKeyset<T>(
  sorted: T[],
  position: KeysetPosition | undefined,
  limit: number,
  key: (item: T) => { id: string; date: string },
  makeCursor: (position: KeysetPosition) => unknown,
): Page<T> {
  const rest = position
    ? sorted.filter((item) => {
        const k = key(item);
        return k.date < position.last_date || (k.date === position.last_date && k.id < position.last_id);
      })
    : sorted;
  const slice = rest.slice(0, limit);
  const last = slice[slice.length - 1];
  if (!last || rest.length <= limit) return { items: slice, cursor: null };
  const k = key(last);
  return { items: slice, cursor: encodeCursor(makeCursor({ last_id: k.id, last_date: k.date })) };
}

/** Newest first by ISO date, ties broken by id (both descending) — the order keyset paging expects. */
export function sortNewestFirst<T>(items: T[], key: (item: T) => { id: string; date: string }): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka.date !== kb.date) return ka.date < kb.date ? 1 : -1;
    return ka.id < kb.id ? 1 : ka.id > kb.id ? -1 : 0;
  });
}
