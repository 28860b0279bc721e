import { ApiError } from './errors';
import { decodeCursor, encodeCursor, pageByKeyset, pageByOffset, parseLimit, sortNewestFirst } from './pagination';
import { z } from 'zod';

const item = (id: string, date: string) => ({ id, date });

describe('pagination', () => {
  it('walks keyset pages newest first and ends with a null cursor', () => {
    const items = sortNewestFirst(
      [item('a', '2026-01-01'), item('c', '2026-01-03'), item('b', '2026-01-03'), item('d', '2026-01-02')],
      (i) => i,
    );
    expect(items.map((i) => i.id)).toEqual(['c', 'b', 'd', 'a']);
    const schema = z.object({ cursor: z.object({ last_id: z.string(), last_date: z.string() }) });
    const seen: string[] = [];
    let position: { last_id: string; last_date: string } | undefined;
    for (;;) {
      const page = pageByKeyset(
        items,
        position,
        3,
        (i) => i,
        (cursor) => ({ cursor }),
      );
      seen.push(...page.items.map((i) => i.id));
      if (page.cursor === null) break;
      position = decodeCursor(page.cursor, schema).cursor;
    }
    expect(seen).toEqual(['c', 'b', 'd', 'a']);
  });

  it('returns a null cursor when the last page is exactly full', () => {
    expect(
      pageByKeyset(
        [item('a', '1')],
        undefined,
        1,
        (i) => i,
        () => ({}),
      ).cursor,
    ).toBeNull();
    expect(pageByOffset([1, 2], 0, 2, (next) => ({ next })).cursor).toBeNull();
    expect(pageByOffset([1, 2, 3], 0, 2, (next) => ({ next })).cursor).toBe(encodeCursor({ next: 2 }));
  });

  it('rejects out-of-range limits and foreign cursors with invalid_parameters', () => {
    expect(parseLimit(undefined, { min: 1, max: 100, fallback: 10 })).toBe(10);
    for (const raw of ['0', '101', '1.5', 'ten']) {
      expect(() => parseLimit(raw, { min: 1, max: 100, fallback: 10 })).toThrow(ApiError);
    }
    expect(() => decodeCursor(encodeCursor({ other: true }), z.object({ limit: z.number() }))).toThrow(/Invalid cursor/);
    expect(() => decodeCursor('%%%', z.object({}))).toThrow(/Invalid cursor/);
  });
});
