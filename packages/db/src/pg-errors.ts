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

interface PgErrorFields {
  code?: unknown;
  constraint_name?: unknown;
  table_name?: unknown;
  column_name?: unknown;
}

/**
 * A failed query's error fit for a log line: drizzle puts every parameter (password hashes, API
 * key hashes, emails, tokens) into its message, and Postgres repeats values in its own message and
 * detail ("invalid input syntax …: "<value>"", "Key (email)=(…)"). What is kept: the SQL text, and
 * of the cause its SQLSTATE, constraint, table and column. Other errors are returned unchanged.
 */
export function withoutQueryParameters(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const query = (err as { query?: unknown }).query;
  if (typeof query !== 'string' || !('params' in err)) return err;
  const pg = (err.cause ?? {}) as PgErrorFields;
  const where = [pg.constraint_name, pg.table_name, pg.column_name].filter((v): v is string => typeof v === 'string');
  const cause = new Error(
    `Postgres error ${typeof pg.code === 'string' ? pg.code : 'unknown'}${where.length > 0 ? ` (${where.join(', ')})` : ''}`,
  );
  Object.assign(cause, { code: pg.code });
  const safe = new Error(`Failed query: ${query}`, { cause });
  safe.name = err.name;
  // The frames say where it failed; the first line (the message with the parameters) is replaced.
  safe.stack = `${safe.name}: ${safe.message}\n${(err.stack ?? '')
    .split('\n')
    .filter((line) => line.startsWith('    at '))
    .join('\n')}`;
  return safe;
}
