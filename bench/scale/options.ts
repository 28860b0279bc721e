import { parseArgs } from 'node:util';

export interface ScaleOptions {
  accounts: number;
  clients: number;
  /** Leads in all; `duePerAccount × accounts` of them are due on the simulated day. */
  leads: number;
  /** pending_invite leads per account due through its window today (above `inviteCap`: the rest wait for tomorrow). */
  duePerAccount: number;
  inviteCap: number;
  weeklyInviteCap: number;
  /** Each account's spacing between two actions, simulated seconds. */
  minSpacing: number;
  maxSpacing: number;
  /** Real minutes the simulated working day (first window opening → last closing) is compressed into. */
  minutes: number;
  /** Simulated seconds between two sequencer ticks (production: SEQUENCER_TICK_SECONDS, 10). */
  tickSeconds: number;
  senders: number;
  concurrency: number;
  /** Real ms after a window's close within which a call still counts as decided inside it (see judge.ts). */
  graceMs: number;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  keepDb: boolean;
}

const USAGE = `pnpm --filter @outreach/bench scale [--accounts 10000] [--clients 500] [--leads 2000000] [--due-per-account 110]
        [--invite-cap 100] [--weekly-invite-cap 200] [--min-spacing 60] [--max-spacing 180] [--minutes 10]
        [--tick-seconds 10] [--senders 2] [--concurrency 10] [--grace-ms 1000] [--log-level warn] [--keep-db]
  The defaults are the full model (≈ 1M invites); on a 2-core machine run it scaled down, e.g.
  --accounts 500 --clients 25 --leads 100000 (see bench/README.md).`;

function int(name: string, raw: string | undefined, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got ${raw}\n${USAGE}`);
  return value;
}

export function parseScaleOptions(argv: string[]): ScaleOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      accounts: { type: 'string', default: '10000' },
      clients: { type: 'string', default: '500' },
      leads: { type: 'string', default: '2000000' },
      'due-per-account': { type: 'string', default: '110' },
      'invite-cap': { type: 'string', default: '100' },
      'weekly-invite-cap': { type: 'string', default: '200' },
      'min-spacing': { type: 'string', default: '60' },
      'max-spacing': { type: 'string', default: '180' },
      minutes: { type: 'string', default: '10' },
      'tick-seconds': { type: 'string', default: '10' },
      senders: { type: 'string', default: '2' },
      concurrency: { type: 'string', default: '10' },
      'grace-ms': { type: 'string', default: '1000' },
      'log-level': { type: 'string', default: 'warn' },
      'keep-db': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const logLevel = values['log-level'];
  if (logLevel !== 'error' && logLevel !== 'warn' && logLevel !== 'info' && logLevel !== 'debug')
    throw new Error(`--log-level must be error, warn, info or debug\n${USAGE}`);
  const opts: ScaleOptions = {
    accounts: int('accounts', values.accounts, 1, 50_000),
    clients: int('clients', values.clients, 1, 50_000),
    leads: int('leads', values.leads, 1, 20_000_000),
    duePerAccount: int('due-per-account', values['due-per-account'], 1, 1000),
    // The platform's safety ceilings (100 invites a day, 200 a week, spacing ≥ 5 s) stay on.
    inviteCap: int('invite-cap', values['invite-cap'], 1, 100),
    weeklyInviteCap: int('weekly-invite-cap', values['weekly-invite-cap'], 1, 200),
    minSpacing: int('min-spacing', values['min-spacing'], 5, 3600),
    maxSpacing: int('max-spacing', values['max-spacing'], 5, 3600),
    minutes: int('minutes', values.minutes, 1, 120),
    tickSeconds: int('tick-seconds', values['tick-seconds'], 1, 3600),
    senders: int('senders', values.senders, 1, 8),
    concurrency: int('concurrency', values.concurrency, 1, 50),
    graceMs: int('grace-ms', values['grace-ms'], 0, 60_000),
    logLevel,
    keepDb: values['keep-db'] ?? false,
  };
  if (opts.clients > opts.accounts) throw new Error(`--clients must not exceed --accounts\n${USAGE}`);
  if (opts.maxSpacing < opts.minSpacing) throw new Error(`--max-spacing must be at least --min-spacing\n${USAGE}`);
  return opts;
}
