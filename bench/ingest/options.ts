import path from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Deliveries posted in phase A (and to the bare server in phase B). */
  n: number;
  /** Requests in flight during phases A and B. */
  concurrency: number;
  /** Requests sent to each server before its measured phase (JIT, connections). */
  warmup: number;
  /** Phase C rate (deliveries per second) and length (seconds). */
  rate: number;
  seconds: number;
  matcherConcurrency: number;
  /** Let reply-matcher consume during phase A instead of pausing its queue until A ends. */
  concurrentMatcher: boolean;
  /** LOG_LEVEL of webhook-ingest and reply-matcher (production runs `info`). */
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  /** Keep the seeded tenant and its deliveries in outreach_bench for inspection. */
  keepData: boolean;
  /** Directory where each child process writes a V8 CPU profile (`--cpu-prof`), or undefined. */
  profileDir: string | undefined;
}

const USAGE = `pnpm bench:ingest [--n 5000] [--concurrency 64] [--warmup 500] [--rate 200] [--seconds 10]
                  [--matcher-concurrency 20] [--concurrent-matcher] [--log-level warn]
                  [--keep-data] [--profile DIR]`;

function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} must be an integer from 1 to ${max}\n${USAGE}`);
  return value;
}

/** Flags of `pnpm bench:ingest`; every count and duration is capped so a run stays bounded. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      n: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      'matcher-concurrency': { type: 'string' },
      'concurrent-matcher': { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'warn' },
      'keep-data': { type: 'boolean', default: false },
      profile: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const logLevel = values['log-level'];
  if (logLevel !== 'error' && logLevel !== 'warn' && logLevel !== 'info' && logLevel !== 'debug')
    throw new Error(`--log-level must be error, warn, info or debug\n${USAGE}`);
  return {
    logLevel,
    n: positiveInt('n', values.n, 5000, 100_000),
    concurrency: positiveInt('concurrency', values.concurrency, 64, 512),
    warmup: positiveInt('warmup', values.warmup, 500, 10_000),
    rate: positiveInt('rate', values.rate, 200, 5000),
    seconds: positiveInt('seconds', values.seconds, 10, 120),
    matcherConcurrency: positiveInt('matcher-concurrency', values['matcher-concurrency'], 20, 200),
    concurrentMatcher: values['concurrent-matcher'] ?? false,
    keepData: values['keep-data'] ?? false,
    profileDir: values.profile === undefined ? undefined : path.resolve(values.profile),
  };
}
