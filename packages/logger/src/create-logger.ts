import winston from 'winston';
import { isSecretKey, redact } from './redact';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level?: string;
  /** JSON lines (production, log shipping) or a compact human format (development). */
  json?: boolean;
  /** Tests pass `true` to keep output quiet. */
  silent?: boolean;
}

const redactFormat = winston.format((info) => {
  const entry = info as Record<string, unknown>;
  for (const key of Object.keys(entry)) {
    if (key === 'level' || key === 'message') continue;
    entry[key] = isSecretKey(key) ? '[redacted]' : redact(entry[key]);
  }
  return info;
});

/** One logger per process, tagged with the service name; processors use `logger.child({ queue, jobId })`. */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  const json = options.json ?? false;
  const base = [winston.format.errors({ stack: true }), winston.format.timestamp(), redactFormat()];
  const format = json
    ? winston.format.combine(...base, winston.format.json())
    : winston.format.combine(
        ...base,
        winston.format.colorize(),
        winston.format.printf(({ timestamp, level, message, service: svc, stack, ...meta }) => {
          const rest = Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
          return `${String(timestamp)} ${level} [${String(svc)}] ${String(message)}${rest}${stack ? `\n${String(stack)}` : ''}`;
        }),
      );
  return winston.createLogger({
    level: options.level ?? 'info',
    defaultMeta: { service },
    format,
    silent: options.silent ?? false,
    transports: [new winston.transports.Console()],
  });
}
