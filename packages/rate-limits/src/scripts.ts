/**
 * Lua run inside Redis, so a check and its increment are one atomic step for every process sharing
 * the Redis. All keys of one account share a `{accountId}` hash tag (one cluster slot).
 *
 * KEYS (both take and peek): [1] seed marker, [2] earliest next action (epoch ms),
 * [3..23] daily counters: 3 + actionIndex * 7 + dayOffset (action order invite, message,
 * profile_view; dayOffset 0 = today … 6 = six local days ago).
 * ARGV (shared prefix): [1] key TTL ms, [2] '1' when seed values follow, [3] seed for the next-action
 * time, [4..24] seed counts in KEYS order.
 */
export const COUNTER_KEYS = 21;
/** The last key is the account's "call in flight" marker (see ARGV[30]). */
export const TAKE_KEYS = 2 + COUNTER_KEYS + 1;

export const TakeCode = { Ok: 0, NeedSeed: 1, Spacing: 2, DailyCap: 3, WeeklyCap: 4 } as const;

// Seeding keeps the larger of Redis and Postgres per counter, so two processes rebuilding at once
// (each with its own read of rate_usage) converge, and a late rebuild never lowers a live count.
const SEED = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  if ARGV[2] ~= '1' then return nil end
  for i = 1, ${COUNTER_KEYS} do
    local seeded = tonumber(ARGV[3 + i])
    local current = tonumber(redis.call('GET', KEYS[2 + i]) or '0')
    if seeded > current then redis.call('SET', KEYS[2 + i], seeded, 'PX', ARGV[1]) end
  end
  local seededNext = tonumber(ARGV[3])
  if seededNext > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], seededNext, 'PX', ARGV[1]) end
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return true
`;

const seedFunction = `local function seed()${SEED}end\n`;

/**
 * ARGV after the shared prefix: [25] now ms, [26] action index, [27] gap ms drawn for this take,
 * [28] daily cap, [29] weekly invite cap, [30] in-flight TTL ms (0 = do not mark), [31] min gap ms.
 * Returns {code, earliest next action ms}.
 * With [30] > 0 a successful take marks a call in flight; until `endCall` clears it (or it expires)
 * the account's next take is refused for spacing, so calls whose claims took unequal time still
 * reach LinkedIn one gap apart.
 * Caps are checked before spacing: when the day is spent, the caller should wait for midnight,
 * not wake up for a spacing gap only to be refused again.
 */
export const TAKE_SCRIPT = `${seedFunction}
if not seed() then return {${TakeCode.NeedSeed}, 0} end
local ttl = tonumber(ARGV[1])
local now = tonumber(ARGV[25])
local action = tonumber(ARGV[26])
local nextAt = tonumber(redis.call('GET', KEYS[2]) or '0')
local todayKey = KEYS[3 + action * 7]
local today = tonumber(redis.call('GET', todayKey) or '0')
if today >= tonumber(ARGV[28]) then return {${TakeCode.DailyCap}, nextAt} end
if action == 0 then
  local week = 0
  for i = 0, 6 do week = week + tonumber(redis.call('GET', KEYS[3 + i]) or '0') end
  if week >= tonumber(ARGV[29]) then return {${TakeCode.WeeklyCap}, nextAt} end
end
if now < nextAt then return {${TakeCode.Spacing}, nextAt} end
local inflightKey = KEYS[${TAKE_KEYS}]
if redis.call('EXISTS', inflightKey) == 1 then return {${TakeCode.Spacing}, now + math.max(tonumber(ARGV[31]), 50)} end
redis.call('INCR', todayKey)
redis.call('PEXPIRE', todayKey, ttl)
redis.call('SET', KEYS[2], now + tonumber(ARGV[27]), 'PX', ttl)
redis.call('PEXPIRE', KEYS[1], ttl)
if tonumber(ARGV[30]) > 0 then redis.call('SET', inflightKey, '1', 'PX', ARGV[30]) end
return {${TakeCode.Ok}, now + tonumber(ARGV[27])}
`;

/** Returns {0} when a seed is needed, else {1, ...21 counts in KEYS order}. */
export const PEEK_SCRIPT = `${seedFunction}
if not seed() then return {0} end
local out = {1}
for i = 1, ${COUNTER_KEYS} do out[i + 1] = tonumber(redis.call('GET', KEYS[2 + i]) or '0') end
return out
`;

/** KEYS[1] one daily counter. Never below zero; a lost counter stays lost (the rebuild will read Postgres). */
export const REFUND_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current > 0 then return redis.call('DECR', KEYS[1]) end
return 0
`;

/**
 * KEYS[1] the next-action time, KEYS[2] the in-flight marker; ARGV[1] a candidate next time
 * (0 = leave it), ARGV[2] TTL ms. Clears the marker; only ever moves the next time later.
 */
export const HOLD_SCRIPT = `
redis.call('DEL', KEYS[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local candidate = tonumber(ARGV[1])
if candidate > current then redis.call('SET', KEYS[1], candidate, 'PX', ARGV[2]) return 1 end
return 0
`;
