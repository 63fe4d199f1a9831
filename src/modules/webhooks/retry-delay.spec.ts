import { AttemptOutcome, attemptOutcome } from './attempt-outcome';
import { nextRetryDelayMs } from './retry-delay';

describe('nextRetryDelayMs (API.md §9 retry schedule)', () => {
  const schedule = [10, 60, 300];
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const date = (offsetMs: number) => new Date(now + offsetMs).toUTCString();

  it.each<[string, number, string | null, number, number | null]>([
    // case, attempts made, Retry-After, random(), expected delay (ms)
    ['the first step, no jitter drawn', 1, null, 0.5, 10_000],
    ['the first step, lowest jitter (-10 %)', 1, null, 0, 9_000],
    ['the first step, highest jitter (+10 %)', 1, null, 1, 11_000],
    ['the second step', 2, null, 0.5, 60_000],
    ['the last step', 3, null, 0.5, 300_000],
    ['no step left after the last retry', 4, null, 0.5, null],
    ['no attempt made yet', 0, null, 0.5, null],
    ['Retry-After seconds within the next step', 1, '30', 0.5, 30_000],
    ['Retry-After seconds beyond the next step: capped there', 1, '600', 0.5, 60_000],
    ['Retry-After shorter than the step: the step wins', 1, '5', 0.5, 10_000],
    ['Retry-After as an HTTP date', 1, date(45_000), 0.5, 45_000],
    ['Retry-After as an HTTP date beyond the next step', 1, date(3_600_000), 0.5, 60_000],
    ['Retry-After as a past HTTP date', 1, date(-45_000), 0.5, 10_000],
    ['an unreadable Retry-After is ignored', 1, 'soon', 0.5, 10_000],
    ['a fractional Retry-After is ignored', 1, '1.5', 0.5, 10_000],
    ['an empty Retry-After is ignored', 1, '  ', 0.5, 10_000],
    ['Retry-After on the last step is capped at that step', 3, '100000', 0, 300_000],
    ['a capped Retry-After never undercuts the jittered step', 1, '65', 1, 60_000],
  ])('%s', (_case, attemptsMade, retryAfter, random, expected) => {
    expect(nextRetryDelayMs(schedule, attemptsMade, retryAfter, () => random, now)).toBe(expected);
  });

  it('works with fractions of seconds (test schedules)', () => {
    expect(nextRetryDelayMs([0.2, 0.4], 1, null, () => 0.5, now)).toBe(200);
    expect(nextRetryDelayMs([0.2, 0.4], 2, '1', () => 0.5, now)).toBe(400);
  });

  it('stays within ±10 % for any draw', () => {
    for (let i = 0; i < 200; i++) {
      const delay = nextRetryDelayMs(schedule, 2, null, Math.random, now)!;
      expect(delay).toBeGreaterThanOrEqual(54_000);
      expect(delay).toBeLessThanOrEqual(66_000);
    }
  });
});

describe('attemptOutcome', () => {
  const schedule = [10, 60];
  const half = () => 0.5;
  const attempt = (statusCode: number | null, retryAfter: string | null = null) => ({
    delivered: statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    retryAfter,
  });

  it.each<[string, ReturnType<typeof attempt>, number, AttemptOutcome]>([
    ['a 2xx is delivered', attempt(204), 1, { status: 'delivered' }],
    ['a 2xx on the last attempt is delivered', attempt(200), 3, { status: 'delivered' }],
    ['410 fails at once, retries left or not', attempt(410), 1, { status: 'failed' }],
    ['a 500 is retried after the step', attempt(500), 1, { status: 'pending', retryInMs: 10_000 }],
    [
      'a 302 is retried (redirects are not followed)',
      attempt(302),
      2,
      { status: 'pending', retryInMs: 60_000 },
    ],
    ['a network error is retried', attempt(null), 1, { status: 'pending', retryInMs: 10_000 }],
    [
      'a 503 with Retry-After waits as asked',
      attempt(503, '20'),
      1,
      { status: 'pending', retryInMs: 20_000 },
    ],
    ['no retry left: failed', attempt(500), 3, { status: 'failed' }],
  ])('%s', (_case, made, attemptsMade, expected) => {
    expect(attemptOutcome(made, attemptsMade, schedule, half)).toEqual(expected);
  });
});
