import type { AppConfig } from '../../config/app-config';
import type { Role, Tier } from '../../config/tiers';
import { limitFor, rateLimitHeaders, windowFor } from './rate-limit.policy';

const config: Pick<AppConfig, 'rateLimits'> = {
  rateLimits: { free: 0, pro: 100, business: 1000, enterprise: 0 },
};

describe('limitFor', () => {
  it.each<[Role, Tier, number | null]>([
    ['user', 'pro', 100],
    ['user', 'business', 1000],
    ['user', 'enterprise', null],
    ['user', 'free', null],
    ['admin', 'pro', null],
    ['admin', 'business', null],
    ['admin', 'enterprise', null],
  ])('%s on %s → %p', (role, tier, expected) => {
    expect(limitFor({ role, tier }, config)).toBe(expected);
  });
});

describe('windowFor', () => {
  const T = 1_700_000_040_000; // a multiple of 60 s

  it.each<
    [string, number, number, { windowStart: number; resetAtEpochSeconds: number; retryAfterSeconds: number }]
  >([
    [
      'at the window start',
      T,
      60,
      { windowStart: T, resetAtEpochSeconds: T / 1000 + 60, retryAfterSeconds: 60 },
    ],
    [
      'mid window',
      T + 15_500,
      60,
      { windowStart: T, resetAtEpochSeconds: T / 1000 + 60, retryAfterSeconds: 45 },
    ],
    [
      '1 ms before the end',
      T + 59_999,
      60,
      { windowStart: T, resetAtEpochSeconds: T / 1000 + 60, retryAfterSeconds: 1 },
    ],
    [
      'at the next start',
      T + 60_000,
      60,
      { windowStart: T + 60_000, resetAtEpochSeconds: T / 1000 + 120, retryAfterSeconds: 60 },
    ],
    ['a 1 s window', T + 400, 1, { windowStart: T, resetAtEpochSeconds: T / 1000 + 1, retryAfterSeconds: 1 }],
  ])('%s', (_name, nowMs, windowSeconds, expected) => {
    expect(windowFor(nowMs, windowSeconds)).toEqual(expected);
  });
});

describe('rateLimitHeaders', () => {
  const window = { resetAtEpochSeconds: 1_700_000_100, retryAfterSeconds: 7 };

  it.each<[string, number, number, Record<string, string>]>([
    [
      'first hit',
      100,
      1,
      { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '99', 'X-RateLimit-Reset': '1700000100' },
    ],
    [
      'last allowed',
      100,
      100,
      { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1700000100' },
    ],
    [
      'first over',
      100,
      101,
      {
        'X-RateLimit-Limit': '100',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': '1700000100',
        'Retry-After': '7',
      },
    ],
    [
      'far over: remaining never negative',
      2,
      50,
      {
        'X-RateLimit-Limit': '2',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': '1700000100',
        'Retry-After': '7',
      },
    ],
  ])('%s', (_name, limit, count, expected) => {
    expect(rateLimitHeaders(limit, count, window)).toEqual(expected);
  });
});
