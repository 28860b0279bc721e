import type { RedisConnection } from '@outreach/queues';

export interface LoginLimiterOptions {
  /** Attempts per email and address within the window; past it the pair waits for the window's end. */
  maxAttempts: number;
  windowSeconds: number;
  prefix: string;
}

/** Attempts per email and address answered at once; each further one waits 1 s, 2 s, 4 s… (at most 5 minutes). */
export const FREE_ATTEMPTS = 3;
const MAX_DELAY_MS = 5 * 60_000;

/**
 * One atomic step per attempt, BEFORE the password is checked: a refusal (delay running, pair or
 * address over its limit) is answered without counting; otherwise the attempt is counted and the
 * next one of the pair delayed. Parallel guesses therefore queue on the counter instead of all
 * passing a check made before any of them was counted.
 * KEYS: pair count, pair next-allowed, address count. ARGV: now ms, window ms, max, address max, free.
 * Returns {1, count} (go on) or {0, wait ms}.
 */
const ATTEMPT_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local nextAt = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < nextAt then return {0, nextAt - now} end
local pair = tonumber(redis.call('GET', KEYS[1]) or '0')
if pair >= tonumber(ARGV[3]) then return {0, math.max(1000, redis.call('PTTL', KEYS[1]))} end
local address = tonumber(redis.call('GET', KEYS[3]) or '0')
if address >= tonumber(ARGV[4]) then return {0, math.max(1000, redis.call('PTTL', KEYS[3]))} end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], window) end
if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], window) end
local free = tonumber(ARGV[5])
if n >= free then
  local delay = math.min(1000 * 2 ^ (n - free), ${MAX_DELAY_MS})
  redis.call('SET', KEYS[2], now + delay, 'PX', window)
end
return {1, n}
`;

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Limits password guesses per email AND client address (shared by every gateway replica through
 * Redis), with progressive delays. Keyed on the pair, so a stranger guessing from elsewhere never
 * locks an operator (the admin included) out of their own address; a per-address ceiling
 * (ten times the pair limit) stops one address spraying many emails.
 */
export function createLoginLimiter(redis: RedisConnection, options: LoginLimiterOptions) {
  const keys = (email: string, ip: string) => {
    const pair = `${options.prefix}:login:pair:${email.toLowerCase()}|${ip}`;
    return [pair, `${pair}:next`, `${options.prefix}:login:ip:${ip}`];
  };
  return {
    /** Counts the attempt before any verification; refused attempts say how long to wait. */
    async attempt(email: string, ip: string, now = Date.now()): Promise<AttemptVerdict> {
      const reply = (await redis.eval(
        ATTEMPT_SCRIPT,
        3,
        ...keys(email, ip),
        now,
        options.windowSeconds * 1000,
        options.maxAttempts,
        options.maxAttempts * 10,
        FREE_ATTEMPTS,
      )) as [number, number];
      return reply[0] === 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(reply[1] / 1000)) };
    },
    /** A successful login clears its pair and takes its attempt off the address. */
    async succeeded(email: string, ip: string): Promise<void> {
      const [pair, next, address] = keys(email, ip) as [string, string, string];
      await redis.multi().del(pair, next).decr(address).exec();
    },
  };
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
