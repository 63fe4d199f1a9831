import { windowFor } from './rate-limit.policy';
import type { RateLimitCounter, RateLimitHit } from './rate-limit-counter';

interface WindowCount {
  windowStart: number;
  count: number;
  resetAtMs: number;
}

/**
 * The embedded default (no REDIS_URL): exact within one process, which is the only process there is.
 * Single-threaded JS makes each hit atomic without locks.
 */
export class MemoryRateLimitCounter implements RateLimitCounter {
  private readonly windows = new Map<string, WindowCount>();
  private nextSweepAtMs = 0;

  async hit(key: string, windowSeconds: number, nowMs: number): Promise<RateLimitHit> {
    this.evictExpired(nowMs, windowSeconds);
    const { windowStart, resetAtEpochSeconds } = windowFor(nowMs, windowSeconds);
    let entry = this.windows.get(key);
    if (!entry || entry.windowStart !== windowStart) {
      entry = { windowStart, count: 0, resetAtMs: resetAtEpochSeconds * 1000 };
      this.windows.set(key, entry);
    }
    entry.count += 1;
    return { count: entry.count, resetAtMs: entry.resetAtMs };
  }

  /** Number of keys held; lets tests prove that idle accounts do not leak memory. */
  get size(): number {
    return this.windows.size;
  }

  // A sweep at most once per window instead of a timer: no open handle to close, and O(1) amortised per hit.
  private evictExpired(nowMs: number, windowSeconds: number): void {
    if (nowMs < this.nextSweepAtMs) return;
    for (const [key, entry] of this.windows) {
      if (entry.resetAtMs <= nowMs) this.windows.delete(key);
    }
    this.nextSweepAtMs = nowMs + windowSeconds * 1000;
  }
}
