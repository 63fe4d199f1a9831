/** Where the per-window counts live: process memory (one instance) or Redis (shared by every instance). */
export interface RateLimitCounter {
  /** Counts one request for `key` in the fixed window containing `nowMs`; resolves to this request's count. */
  hit(key: string, windowSeconds: number, nowMs: number): Promise<RateLimitHit>;
}

export interface RateLimitHit {
  count: number;
  resetAtMs: number;
}

export const RATE_LIMIT_COUNTER = Symbol('RATE_LIMIT_COUNTER');
