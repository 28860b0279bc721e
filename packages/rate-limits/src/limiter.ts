import type { Db } from '@outreach/db';
import type { Cluster, Redis } from 'ioredis';
import { dailyCap } from './daily-cap';
import { localDay, nextLocalMidnight, weekEndingOn } from './days';
import { COUNTER_KEYS, HOLD_SCRIPT, PEEK_SCRIPT, REFUND_SCRIPT, TAKE_KEYS, TAKE_SCRIPT, TakeCode } from './scripts';
import { RATE_ACTION_ORDER, type RateAccount, type RateAction, type TakeResult, type UsageReport } from './types';
import { SAFETY_CEILINGS, withinCeilings, type SafetyCeilings } from './safety';
import { loadUsageWindow } from './usage-store';

/** Counters must outlive the 7-day window in every zone (UTC−12 … UTC+14) plus a margin. */
const KEY_TTL_MS = 9 * 86_400_000;

export interface RateLimiter {
  /**
   * One Lua script, atomic across processes: the account's spacing has elapsed (a random gap in
   * [min,max] seconds drawn after each action of ANY kind on the account, stored as the earliest next
   * action time), today's count for `action` (day in the account's timezone) is under dailyCap, and for
   * invites the rolling 7-day sum (today + the 6 previous local days) is under weeklyInviteLimit.
   * On success increments today's counter and sets the next spacing time. When Redis has lost the
   * counters (no seed marker for the account), they are first rebuilt from rate_usage in Postgres
   * (the 7 days window, all actions) — idempotently, so two processes rebuilding at once agree.
   * retryAt: spacing → the next allowed instant; caps → the next local midnight in the account's zone.
   */
  take(account: RateAccount, action: RateAction, now?: Date, options?: TakeOptions): Promise<TakeResult>;
  /** Gives a token back after the call provably did not reach LinkedIn (a 429, a stop noticed after taking). Does not undo spacing. */
  refund(account: RateAccount, action: RateAction, day: string): Promise<void>;
  /**
   * Ends a call taken with `callInFlightMs`: clears the in-flight marker and keeps the account's
   * next action at least the minimum gap after `at` (when the call ended); `null` when no call was
   * made after all (the token was refunded).
   */
  endCall(account: RateAccount, at: Date | null): Promise<void>;
  /** Today's and this rolling week's usage per action (from Redis, rebuilt if lost), for the API and logs. */
  usage(account: RateAccount, now?: Date): Promise<UsageReport>;
}

type ScriptReply = (string | number)[];
export interface TakeOptions {
  /**
   * Marks a LinkedIn call in flight for the account until `endCall` (or this many ms, if the
   * process dies): no other take of the account succeeds meanwhile. Only applies with a non-zero
   * minimum spacing. Spacing is drawn at the take, but the call may leave late (a slow claim); the
   * marker keeps the calls themselves one gap apart, not only the takes.
   */
  callInFlightMs?: number;
}

interface RateScripts {
  outreachRateTake(...keysAndArgs: (string | number)[]): Promise<ScriptReply>;
  outreachRatePeek(...keysAndArgs: (string | number)[]): Promise<ScriptReply>;
  outreachRateRefund(key: string): Promise<number>;
  outreachRateHold(nextKey: string, inflightKey: string, nextAt: number, ttlMs: number): Promise<number>;
}

/** Registers the scripts once per connection; ioredis then runs them by EVALSHA, loading on NOSCRIPT. */
function withScripts<C extends Redis | Cluster>(redis: C): C & RateScripts {
  const candidate = redis as C & Partial<RateScripts>;
  if (typeof candidate.outreachRateTake !== 'function') {
    redis.defineCommand('outreachRateTake', { numberOfKeys: TAKE_KEYS, lua: TAKE_SCRIPT });
    redis.defineCommand('outreachRatePeek', { numberOfKeys: TAKE_KEYS, lua: PEEK_SCRIPT });
    redis.defineCommand('outreachRateRefund', { numberOfKeys: 1, lua: REFUND_SCRIPT });
    redis.defineCommand('outreachRateHold', { numberOfKeys: 2, lua: HOLD_SCRIPT });
  }
  return redis as C & RateScripts;
}

/** A uniform gap in [min, max] seconds, in whole milliseconds; a max below min means exactly min. */
function drawGapMs(account: RateAccount): number {
  const min = Math.max(0, account.minActionSpacingSeconds) * 1000;
  const max = Math.max(min, account.maxActionSpacingSeconds * 1000);
  return Math.round(min + Math.random() * (max - min));
}

/**
 * The limiter's key prefix: the queue prefix without its hash-tag braces (`{outreach}` → `outreach`).
 * A key's hash tag is its first `{…}`; kept, it would put every account's buckets in the queues' one
 * cluster slot, where dropped each account's own `{<accountId>}` tag decides.
 */
export function rateKeyPrefix(prefix: string): string {
  return prefix.replace(/[{}]/g, '');
}

/**
 * Creates the Redis half of the rate limits. Keys live under `${rateKeyPrefix(prefix)}:rl:{<accountId>}:…`:
 * every key one script touches shares the account's hash tag, so in a Redis Cluster the script runs on one slot.
 * Redis is the fast, shared gate; Postgres (`reserveUsage`) is the arbiter that survives a flush.
 * Every account is held within `ceilings` (default `SAFETY_CEILINGS`) whatever its row says; only
 * tests and benchmarks pass `null`.
 */
export function createRateLimiter(options: {
  redis: Redis | Cluster;
  db: Db;
  prefix: string;
  ceilings?: SafetyCeilings | null;
}): RateLimiter {
  const redis = withScripts(options.redis);
  const ceilings = options.ceilings === undefined ? SAFETY_CEILINGS : options.ceilings;
  const held = (account: RateAccount) => withinCeilings(account, ceilings);
  const { db } = options;
  const prefix = rateKeyPrefix(options.prefix);
  // One Postgres read per account at a time in this process when many takes find the seed missing.
  const seedsInFlight = new Map<string, Promise<(string | number)[]>>();

  const base = (accountId: string) => `${prefix}:rl:{${accountId}}`;
  const counterKey = (accountId: string, action: RateAction, day: string) => `${base(accountId)}:c:${action}:${day}`;
  const keysFor = (accountId: string, week: string[]): string[] => [
    `${base(accountId)}:seed`,
    `${base(accountId)}:next`,
    ...RATE_ACTION_ORDER.flatMap((action) => week.map((day) => counterKey(accountId, action, day))),
    `${base(accountId)}:inflight`,
  ];
  const noSeed = [KEY_TTL_MS, '0', 0, ...new Array<number>(COUNTER_KEYS).fill(0)];

  async function readSeed(account: RateAccount, week: string[]): Promise<(string | number)[]> {
    const rows = await loadUsageWindow(db, account.id, week[0] as string);
    const counts = new Array<number>(COUNTER_KEYS).fill(0);
    let lastUpdate = 0;
    for (const row of rows) {
      const offset = week.indexOf(row.day);
      if (offset < 0) continue;
      counts[RATE_ACTION_ORDER.indexOf(row.action) * week.length + offset] = row.count;
      lastUpdate = Math.max(lastUpdate, row.updatedAt.getTime());
    }
    // The spacing key was lost with the counters: the last recorded action plus the minimum gap is
    // a safe lower bound, so a flush right after a send cannot let the next one through at once.
    // Without a minimum gap there is nothing to restore (and a callers' mocked clock stays usable).
    const minGapMs = Math.max(0, account.minActionSpacingSeconds) * 1000;
    const nextAt = lastUpdate > 0 && minGapMs > 0 ? lastUpdate + minGapMs : 0;
    return [KEY_TTL_MS, '1', nextAt, ...counts];
  }

  function seedFor(account: RateAccount, week: string[]): Promise<(string | number)[]> {
    const key = `${account.id}:${week[0]}`;
    let pending = seedsInFlight.get(key);
    if (!pending) {
      pending = readSeed(account, week).finally(() => seedsInFlight.delete(key));
      seedsInFlight.set(key, pending);
    }
    return pending;
  }

  async function runSeeded(
    run: (...keysAndArgs: (string | number)[]) => Promise<ScriptReply>,
    account: RateAccount,
    week: string[],
    isSeedNeeded: (reply: ScriptReply) => boolean,
    extra: (string | number)[] = [],
  ): Promise<ScriptReply> {
    const keys = keysFor(account.id, week);
    const reply = await run(...keys, ...noSeed, ...extra);
    if (!isSeedNeeded(reply)) return reply;
    return run(...keys, ...(await seedFor(account, week)), ...extra);
  }

  return {
    async take(raw, action, now = new Date(), options = {}) {
      const account = held(raw);
      const day = localDay(now, account.timezone);
      const week = weekEndingOn(day);
      const minGapMs = Math.max(0, account.minActionSpacingSeconds) * 1000;
      const inflightMs = minGapMs > 0 ? Math.round(options.callInFlightMs ?? 0) : 0;
      const extra = [
        now.getTime(),
        RATE_ACTION_ORDER.indexOf(action),
        drawGapMs(account),
        dailyCap(account, action, day),
        account.weeklyInviteLimit,
        inflightMs,
        Math.round(minGapMs),
      ];
      const reply = await runSeeded(redis.outreachRateTake.bind(redis), account, week, (r) => Number(r[0]) === TakeCode.NeedSeed, extra);
      const code = Number(reply[0]);
      const nextAt = Number(reply[1]);
      if (code === TakeCode.Ok) return { ok: true, day };
      if (code === TakeCode.Spacing) return { ok: false, reason: 'spacing', retryAt: new Date(nextAt) };
      const midnight = nextLocalMidnight(now, account.timezone).getTime();
      const reason = code === TakeCode.WeeklyCap ? 'weekly_cap' : 'daily_cap';
      return { ok: false, reason, retryAt: new Date(Math.max(midnight, nextAt)) };
    },

    async refund(account, action, day) {
      await redis.outreachRateRefund(counterKey(account.id, action, day));
    },

    async endCall(raw, at) {
      const account = held(raw);
      const minGapMs = Math.max(0, account.minActionSpacingSeconds) * 1000;
      if (minGapMs === 0) return;
      await redis.outreachRateHold(
        `${base(account.id)}:next`,
        `${base(account.id)}:inflight`,
        at ? Math.round(at.getTime() + minGapMs) : 0,
        KEY_TTL_MS,
      );
    },

    async usage(raw, now = new Date()) {
      const account = held(raw);
      const day = localDay(now, account.timezone);
      const week = weekEndingOn(day);
      const reply = await runSeeded(redis.outreachRatePeek.bind(redis), account, week, (r) => Number(r[0]) === 0);
      const count = (action: RateAction, offset: number) =>
        Number(reply[1 + RATE_ACTION_ORDER.indexOf(action) * week.length + offset] ?? 0);
      const entry = (action: RateAction) => ({ today: count(action, 0), cap: dailyCap(account, action, day) });
      const weekInvites = week.reduce((sum, _, offset) => sum + count('invite', offset), 0);
      return {
        invite: entry('invite'),
        message: entry('message'),
        profile_view: entry('profile_view'),
        weekInvites,
        weeklyInviteLimit: account.weeklyInviteLimit,
      };
    },
  };
}
