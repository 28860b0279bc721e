/** Postgres SQLSTATE codes callers turn into outcomes (HTTP answers, a duplicate lead). */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

/**
 * The SQLSTATE of a failed query, or undefined. drizzle wraps the postgres.js error in
 * `DrizzleQueryError`, so the code may sit one or more `cause`s deep.
 */
export function pgErrorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when `err` (or one of its causes) carries the given SQLSTATE. */
export const isPgError = (err: unknown, code: string): boolean => pgErrorCode(err) === code;
