import path from 'node:path';
import { parseArgs } from 'node:util';

export interface SenderConfigUnderTest {
  processes: number;
  concurrency: number;
}

export interface SenderBenchOptions {
  /** Leads (= sends) per configuration. */
  leads: number;
  /** Accounts the leads are spread over, each with its own campaign. */
  accounts: number;
  /** invite: pending_invite leads with a provider id (one POST /users/invite each); message: connected leads (GET /chats + POST /chats each). */
  action: 'invite' | 'message';
  /** Configurations measured one after the other, each on fresh accounts and leads. */
  configs: SenderConfigUnderTest[];
  /** child: the sandbox as its own Node process (its CPU is measured); inprocess: inside the bench process. */
  sandbox: 'child' | 'inprocess';
  /** Give up on a configuration when nothing completes for this long. */
  stallSeconds: number;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  keepDb: boolean;
  /** Directory where each sender process (and a child sandbox) writes a V8 CPU profile, or undefined. */
  profileDir: string | undefined;
}

const USAGE = `pnpm --filter @outreach/bench sender [--leads 2000] [--accounts 10] [--action invite|message]
        [--configs 2x10[,1x20,…]] [--sandbox child|inprocess] [--stall-seconds 30] [--log-level warn] [--keep-db] [--profile DIR]
  --configs  PROCESSESxCONCURRENCY, comma-separated; each is measured on its own fresh accounts and leads`;

function positiveInt(name: string, raw: string | undefined, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} must be an integer from 1 to ${max}\n${USAGE}`);
  return value;
}

export function parseSenderOptions(argv: string[]): SenderBenchOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      leads: { type: 'string', default: '2000' },
      accounts: { type: 'string', default: '10' },
      action: { type: 'string', default: 'invite' },
      configs: { type: 'string', default: '2x10' },
      sandbox: { type: 'string', default: 'child' },
      'stall-seconds': { type: 'string', default: '30' },
      'log-level': { type: 'string', default: 'warn' },
      'keep-db': { type: 'boolean', default: false },
      profile: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const action = values.action;
  if (action !== 'invite' && action !== 'message') throw new Error(`--action must be invite or message\n${USAGE}`);
  const sandbox = values.sandbox;
  if (sandbox !== 'child' && sandbox !== 'inprocess') throw new Error(`--sandbox must be child or inprocess\n${USAGE}`);
  const logLevel = values['log-level'];
  if (logLevel !== 'error' && logLevel !== 'warn' && logLevel !== 'info' && logLevel !== 'debug')
    throw new Error(`--log-level must be error, warn, info or debug\n${USAGE}`);
  const configs = (values.configs ?? '').split(',').map((spec) => {
    const match = /^(\d+)x(\d+)$/.exec(spec.trim());
    if (!match) throw new Error(`--configs: "${spec}" is not PROCESSESxCONCURRENCY\n${USAGE}`);
    return { processes: positiveInt('configs processes', match[1], 16), concurrency: positiveInt('configs concurrency', match[2], 100) };
  });
  return {
    leads: positiveInt('leads', values.leads, 50_000),
    accounts: positiveInt('accounts', values.accounts, 200),
    action,
    configs,
    sandbox,
    stallSeconds: positiveInt('stall-seconds', values['stall-seconds'], 600),
    logLevel,
    keepDb: values['keep-db'] ?? false,
    profileDir: values.profile === undefined ? undefined : path.resolve(values.profile),
  };
}
