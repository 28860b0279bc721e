import { redactText } from './redact-text';

/** How many causes deep a chain is followed; cycles (a cause pointing back) stop there too. */
const MAX_CAUSES = 5;
/** Sub-errors of an AggregateError kept (Node's ECONNREFUSED over IPv4 and IPv6 is one, with an empty message). */
const MAX_SUB_ERRORS = 5;

/**
 * Fields that say why: Postgres' own (`code` SQLSTATE, `detail`, `hint`, `constraint_name`…), Node's
 * system errors (`errno`, `syscall`, `address`, `port`) and ours (`code`, `status`, `retryable`).
 * Anything else on an error is left out: postgres.js attaches the query's `parameters` and `args`,
 * drizzle its `params`, HTTP clients their request config; none of it may reach a log.
 */
const KEPT_FIELDS = [
  'code',
  'status',
  'retryable',
  'detail',
  'hint',
  'severity',
  'where',
  'schema_name',
  'table_name',
  'column_name',
  'constraint_name',
  'routine',
  'errno',
  'syscall',
  'address',
  'port',
] as const;

type Serialized = Record<string, unknown>;

const textOf = (value: unknown): unknown => (typeof value === 'string' ? redactText(value) : value);

/**
 * An error as a plain, JSON-safe object: name, message, stack, the fields that explain it and its
 * `cause`, recursively (at most MAX_CAUSES deep). Every text is redacted, so SQL parameters in a
 * drizzle `Failed query` message never reach the log while the server's reason, in the cause
 * (`message`, `code`, `detail`), stays visible.
 */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? redactText(err) : err;
  const source = err as Error & Record<string, unknown>;
  // drizzle's DrizzleQueryError writes `params: ${params}` into its message; a value with a line
  // break would escape the line rule of redactText, so the exact text is masked first.
  const paramsText = Array.isArray(source.params) ? `params: ${String(source.params)}` : undefined;
  const clean = (text: string): string => redactText(paramsText ? text.split(paramsText).join('params: [redacted]') : text);
  const out: Serialized = { name: err.name, message: clean(err.message) };
  for (const field of KEPT_FIELDS) {
    const value = source[field];
    if (value !== undefined && value !== null && typeof value !== 'object' && typeof value !== 'function') out[field] = textOf(value);
  }
  if (err.stack) out.stack = clean(err.stack);
  if (err instanceof AggregateError && Array.isArray(err.errors) && depth < MAX_CAUSES) {
    out.errors = err.errors.slice(0, MAX_SUB_ERRORS).map((sub: unknown) => serializeError(sub, depth + 1));
  }
  if (err.cause !== undefined) out.cause = depth < MAX_CAUSES ? serializeError(err.cause, depth + 1) : '[cause chain cut]';
  return out;
}
