import type { Redis } from 'ioredis';

export interface LoginLimiterOptions {
  maxAttempts: number;
  windowSeconds: number;
  prefix: string;
}

/**
 * Counts failed logins per email and per IP in Redis (shared by every gateway replica). Past the
 * limit, logins are refused until the window ends, even with the right password.
 */
export function createLoginLimiter(redis: Redis, options: LoginLimiterOptions) {
  const keys = (email: string, ip: string) => [`${options.prefix}:login:email:${email.toLowerCase()}`, `${options.prefix}:login:ip:${ip}`];
  return {
    /** Seconds to wait, or 0 when a login may be tried. */
    async retryAfter(email: string, ip: string): Promise<number> {
      const counts = await redis.mget(...keys(email, ip));
      if (!counts.some((c) => Number(c ?? 0) >= options.maxAttempts)) return 0;
      const ttls = await Promise.all(keys(email, ip).map((k) => redis.ttl(k)));
      return Math.max(1, ...ttls);
    },
    async recordFailure(email: string, ip: string): Promise<void> {
      const pipeline = redis.multi();
      for (const key of keys(email, ip)) pipeline.incr(key).expire(key, options.windowSeconds, 'NX');
      await pipeline.exec();
    },
    async reset(email: string): Promise<void> {
      await redis.del(keys(email, '')[0] as string);
    },
  };
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
