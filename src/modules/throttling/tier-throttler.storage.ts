import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { RATE_LIMIT_COUNTER, type RateLimitCounter } from './rate-limit-counter';

// The package does not re-export its record interface from the index; take it from the port itself.
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** The library's record plus the absolute window end, which X-RateLimit-Reset needs (an epoch second). */
export interface TierThrottlerRecord extends ThrottlerStorageRecord {
  resetAtEpochSeconds: number;
}

/**
 * @nestjs/throttler's storage port over our counters. The library's own storage is a sliding in-memory
 * TTL per key; the contract wants fixed, epoch-aligned windows shared through Redis, so the counting is ours.
 * There is no separate block: a caller over the limit is blocked until its window ends.
 */
@Injectable()
export class TierThrottlerStorage implements ThrottlerStorage {
  constructor(@Inject(RATE_LIMIT_COUNTER) private readonly counter: RateLimitCounter) {}

  /** `ttl` is the window in milliseconds (the library's unit); `blockDuration` is ignored, see above. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration?: number,
    _throttlerName?: string,
  ): Promise<TierThrottlerRecord> {
    const nowMs = Date.now();
    const { count, resetAtMs } = await this.counter.hit(key, Math.round(ttl / 1000), nowMs);
    const secondsLeft = Math.max(1, Math.ceil((resetAtMs - nowMs) / 1000));
    const isBlocked = count > limit;
    return {
      totalHits: count,
      timeToExpire: secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsLeft : 0,
      resetAtEpochSeconds: Math.ceil(resetAtMs / 1000),
    };
  }
}
