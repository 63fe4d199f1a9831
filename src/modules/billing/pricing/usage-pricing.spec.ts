import { settledCredits } from './usage-pricing';

const quote = { nodeId: 'n', model: 'm', credits: 8, grant: false, perThousandTokens: 2 };

describe('settledCredits', () => {
  it('charges the reported tokens at the per-1,000 price, rounded up', () => {
    expect(settledCredits(quote, { inputTokens: 1200, outputTokens: 300 })).toBe(3); // 1.5k × 2
    expect(settledCredits(quote, { inputTokens: 1, outputTokens: 0 })).toBe(1);
  });

  it('never charges more than was reserved', () => {
    expect(settledCredits(quote, { inputTokens: 90_000, outputTokens: 10_000 })).toBe(8);
  });

  it('keeps the reservation when no usage was reported, and leaves other units alone', () => {
    expect(settledCredits(quote, undefined)).toBe(8);
    expect(settledCredits({ ...quote, perThousandTokens: undefined }, { inputTokens: 10 })).toBe(8);
    expect(settledCredits({ ...quote, grant: true, credits: 0 }, { inputTokens: 10 })).toBe(0);
  });

  it('keeps the reservation for counts that are not plain non-negative numbers', () => {
    expect(settledCredits(quote, { inputTokens: -5000, outputTokens: 10 })).toBe(8);
    expect(settledCredits(quote, { inputTokens: Number.NaN })).toBe(8);
    expect(settledCredits(quote, { inputTokens: Number.POSITIVE_INFINITY })).toBe(8);
    expect(settledCredits(quote, { inputTokens: '900' as unknown as number })).toBe(8);
  });
});
