import { backoffMs, isRetryableStatus, retryAfterMs } from './retry-policy';

describe('retry policy', () => {
  it.each([
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [404, false],
    [422, false],
  ])('status %i retryable: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });

  it('reads Retry-After in seconds and as an HTTP date', () => {
    expect(retryAfterMs('1')).toBe(1000);
    expect(retryAfterMs('0.5')).toBe(500);
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(retryAfterMs('Tue, 01 Dec 2026 00:00:03 GMT', now)).toBe(3000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('honours Retry-After over backoff', () => {
    expect(backoffMs(1, 1000, () => 0.99)).toBe(1000);
  });

  it('backs off exponentially with jitter inside [ceiling/2, ceiling]', () => {
    expect(backoffMs(1, undefined, () => 0)).toBe(250);
    expect(backoffMs(1, undefined, () => 1)).toBe(500);
    expect(backoffMs(3, undefined, () => 1)).toBe(2000);
    expect(backoffMs(20, undefined, () => 1)).toBe(8000);
  });
});
