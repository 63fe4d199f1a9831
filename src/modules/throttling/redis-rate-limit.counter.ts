import type Redis from 'ioredis';
import { windowFor } from './rate-limit.policy';
import type { RateLimitCounter, RateLimitHit } from './rate-limit-counter';

/**
 * INCR and the first-hit PEXPIREAT in one script, so the count is exact however many instances hit the
 * key at once and a crash between the two commands can never leave a key that lives forever.
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIREAT', KEYS[1], ARGV[1]) end
return count
`;

/** Kept past the window's end so an instance whose clock lags a little still finds the window's real count. */
const EXPIRY_GRACE_MS = 1000;

type ScriptedRedis = Redis & { rateLimitHit(key: string, expireAtMs: number): Promise<number> };

/** Shared by every API instance (API.md §4): one round trip, one atomic script per request. */
export class RedisRateLimitCounter implements RateLimitCounter {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: Redis,
    private readonly keyPrefix = 'fg:rl:',
  ) {
    // defineCommand sends EVALSHA and falls back to EVAL once after a NOSCRIPT (e.g. a Redis restart).
    redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis = redis as ScriptedRedis;
  }

  async hit(key: string, windowSeconds: number, nowMs: number): Promise<RateLimitHit> {
    const { windowStart, resetAtEpochSeconds } = windowFor(nowMs, windowSeconds);
    const resetAtMs = resetAtEpochSeconds * 1000;
    const count = await this.redis.rateLimitHit(
      `${this.keyPrefix}${key}:${windowStart}`,
      resetAtMs + EXPIRY_GRACE_MS,
    );
    return { count: Number(count), resetAtMs };
  }
}
