import { MemoryRateLimitCounter } from './memory-rate-limit.counter';

const T = 1_700_000_040_000; // a multiple of 60 s

describe('MemoryRateLimitCounter', () => {
  it.each<[string, Array<[key: string, nowMs: number]>, Array<{ count: number; resetAtMs: number }>]>([
    [
      'counts hits of one key within a window',
      [
        ['a', T],
        ['a', T + 1],
        ['a', T + 59_999],
      ],
      [
        { count: 1, resetAtMs: T + 60_000 },
        { count: 2, resetAtMs: T + 60_000 },
        { count: 3, resetAtMs: T + 60_000 },
      ],
    ],
    [
      'starts again at 1 in the next window',
      [
        ['a', T + 59_999],
        ['a', T + 60_000],
      ],
      [
        { count: 1, resetAtMs: T + 60_000 },
        { count: 1, resetAtMs: T + 120_000 },
      ],
    ],
    [
      'keeps keys apart',
      [
        ['acc-1:default', T],
        ['acc-1:workflow-run', T],
        ['acc-2:default', T],
        ['acc-1:default', T],
      ],
      [
        { count: 1, resetAtMs: T + 60_000 },
        { count: 1, resetAtMs: T + 60_000 },
        { count: 1, resetAtMs: T + 60_000 },
        { count: 2, resetAtMs: T + 60_000 },
      ],
    ],
  ])('%s', async (_name, hits, expected) => {
    const counter = new MemoryRateLimitCounter();
    const results = [];
    for (const [key, nowMs] of hits) results.push(await counter.hit(key, 60, nowMs));
    expect(results).toEqual(expected);
  });

  it('gives concurrent hits distinct counts', async () => {
    const counter = new MemoryRateLimitCounter();
    const results = await Promise.all(Array.from({ length: 150 }, () => counter.hit('a', 60, T)));
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
  });

  it('evicts keys whose window has ended', async () => {
    const counter = new MemoryRateLimitCounter();
    for (let i = 0; i < 100; i += 1) await counter.hit(`idle-${i}`, 60, T);
    expect(counter.size).toBe(100);
    await counter.hit('active', 60, T + 120_000);
    expect(counter.size).toBe(1);
  });
});
