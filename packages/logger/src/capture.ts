import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, type Logger } from './create-logger';

/** One log entry as it would be shipped: the parsed JSON line. */
export type CapturedEntry = Record<string, unknown> & { level: string; message: string };

/**
 * A production-format (JSON) logger whose entries are kept in memory instead of printed, so tests
 * can read exactly what would reach the log — redaction and error serialisation included.
 */
export function createCapturingLogger(service: string, level = 'debug'): { logger: Logger; entries: CapturedEntry[] } {
  const entries: CapturedEntry[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) entries.push(JSON.parse(line) as CapturedEntry);
      done();
    },
  });
  const logger = createLogger(service, { json: true, level, transports: [new winston.transports.Stream({ stream })] });
  return { logger, entries };
}
