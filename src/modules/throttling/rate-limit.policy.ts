import type { AppConfig } from '../../config/app-config';
import type { Principal } from '../auth/principal';

/** A fixed rate-limit window, aligned to epoch multiples of its length so every instance agrees on it. */
export interface RateLimitWindow {
  windowStart: number;
  resetAtEpochSeconds: number;
  retryAfterSeconds: number;
}

/** Requests allowed per window, or null when the caller is not limited (admin role, or a tier limit of 0). */
export function limitFor(
  principal: Pick<Principal, 'role' | 'tier'>,
  config: Pick<AppConfig, 'rateLimits'>,
): number | null {
  if (principal.role === 'admin') return null;
  const limit = config.rateLimits[principal.tier];
  return limit > 0 ? limit : null;
}

export function windowFor(nowMs: number, windowSeconds: number): RateLimitWindow {
  const windowMs = windowSeconds * 1000;
  const windowStart = Math.floor(nowMs / windowMs) * windowMs;
  const resetAtMs = windowStart + windowMs;
  return {
    windowStart,
    resetAtEpochSeconds: Math.ceil(resetAtMs / 1000),
    // Clients sleep for Retry-After; 0 would invite a hot retry loop (API.md §4: "≥ 1").
    retryAfterSeconds: Math.max(1, Math.ceil((resetAtMs - nowMs) / 1000)),
  };
}

/** The headers of API.md §4 for a request that was the `count`-th of its window. */
export function rateLimitHeaders(
  limit: number,
  count: number,
  window: Pick<RateLimitWindow, 'resetAtEpochSeconds' | 'retryAfterSeconds'>,
): Record<string, string> {
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(Math.max(0, limit - count)),
    'X-RateLimit-Reset': String(window.resetAtEpochSeconds),
  };
  if (count > limit) headers['Retry-After'] = String(window.retryAfterSeconds);
  return headers;
}
