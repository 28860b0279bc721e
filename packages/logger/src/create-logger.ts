import winston from 'winston';
import { isSecretKey, redact } from './redact';
import { redactText } from './redact-text';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level?: string;
  /** JSON lines (production, log shipping) or a compact human format (development). */
  json?: boolean;
  /** Tests pass `true` to keep output quiet. */
  silent?: boolean;
  /** Where entries go; the console unless given (tests capture entries with their own transport). */
  transports?: winston.transport[];
}

/**
 * Masks secret keys, serialises errors whole (`{ err }` → name, message, stack, code, cause…) and
 * redacts secrets inside free text, the message included.
 */
const redactFormat = winston.format((info) => {
  const entry = info as Record<string, unknown>;
  for (const key of Object.keys(entry)) {
    if (key === 'level') continue;
    if (key === 'message' || key === 'stack') entry[key] = typeof entry[key] === 'string' ? redactText(entry[key]) : redact(entry[key]);
    else entry[key] = isSecretKey(key) ? '[redacted]' : redact(entry[key]);
  }
  return info;
});

/** The development format prints an error's stack and its causes' below the line, with their fields (code, detail…). */
function causeChain(err: unknown): string {
  const lines: string[] = [];
  let current = err as Record<string, unknown> | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth += 1) {
    const { stack, message, name: _name, cause, errors, ...fields } = current;
    const extra = Object.keys(fields).length || errors ? ` ${JSON.stringify({ ...fields, ...(errors ? { errors } : {}) })}` : '';
    const text = String(stack ?? message);
    const frames = text.indexOf('\n    at ');
    lines.push(`${depth === 0 ? '' : 'caused by: '}${frames < 0 ? text + extra : `${text.slice(0, frames)}${extra}${text.slice(frames)}`}`);
    current = cause as typeof current;
  }
  return lines.length ? `\n${lines.join('\n')}` : '';
}

const devFormat = winston.format.printf(({ timestamp, level, message, service: svc, stack, err, ...meta }) => {
  const rest = Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
  return `${String(timestamp)} ${level} [${String(svc)}] ${String(message)}${rest}${stack ? `\n${String(stack)}` : ''}${causeChain(err)}`;
});

/** One logger per process, tagged with the service name; processors use `logger.child({ queue, jobId })`. */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  const json = options.json ?? false;
  const base = [winston.format.errors({ stack: true }), winston.format.timestamp(), redactFormat()];
  const format = json
    ? winston.format.combine(...base, winston.format.json())
    : winston.format.combine(...base, winston.format.colorize(), devFormat);
  return winston.createLogger({
    level: options.level ?? 'info',
    defaultMeta: { service },
    format,
    silent: options.silent ?? false,
    transports: options.transports ?? [new winston.transports.Console()],
  });
}
