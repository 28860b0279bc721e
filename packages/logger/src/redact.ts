import { serializeError } from './serialize-error';

const SECRET_KEY = /(secret|password|passwd|api[-_]?key|token|authorization|cookie|unipile-auth)/i;
const MAX_DEPTH = 6;

/** True for keys whose values must never be logged. */
export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

/**
 * Returns a copy of `value` with every secret-looking key masked, at any depth, and every error
 * turned into a plain object (message, stack, code, cause…) whose text is redacted too. Applied
 * to every log entry so a secret that reaches a log call by accident still never reaches the log.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return serializeError(value);
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}
