import type { RateLimitCounter } from './rate-limit-counter';
import { TierThrottlerStorage } from './tier-throttler.storage';

const T = 1_700_000_040_000;

describe('TierThrottlerStorage', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each<[string, number, number, object]>([
    ['under the limit', 1, 3, { totalHits: 1, isBlocked: false, timeToBlockExpire: 0 }],
    ['at the limit', 3, 3, { totalHits: 3, isBlocked: false, timeToBlockExpire: 0 }],
    [
      'over the limit: blocked until the window ends',
      4,
      3,
      { totalHits: 4, isBlocked: true, timeToBlockExpire: 45 },
    ],
  ])('%s', async (_name, count, limit, expected) => {
    jest.spyOn(Date, 'now').mockReturnValue(T + 15_000);
    const hit = jest.fn<ReturnType<RateLimitCounter['hit']>, Parameters<RateLimitCounter['hit']>>();
    hit.mockResolvedValue({ count, resetAtMs: T + 60_000 });
    const storage = new TierThrottlerStorage({ hit });

    const record = await storage.increment('acc:default', 60_000, limit);

    expect(hit).toHaveBeenCalledWith('acc:default', 60, T + 15_000);
    expect(record).toEqual({ ...expected, timeToExpire: 45, resetAtEpochSeconds: T / 1000 + 60 });
  });
});
