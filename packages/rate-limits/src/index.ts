export type { RateAction, RateAccount, TakeResult, UsageReport } from './types';
export { dailyCap } from './daily-cap';
export { createRateLimiter, rateKeyPrefix, type RateLimiter } from './limiter';
export { SAFETY_CEILINGS, withinCeilings, type SafetyCeilings } from './safety';
export { reserveUsage, reserveUsageAnd, releaseUsage } from './usage-store';
export { localDay, nextLocalMidnight } from './days';
