import { isoNow, lastInstantCache } from './iso-clock';

describe('isoNow', () => {
  afterEach(() => jest.useRealTimers());

  it('is the current instant in ISO 8601, and follows the clock from one millisecond to the next', () => {
    jest.useFakeTimers({ now: Date.parse('2026-12-01T10:00:00.123Z') });
    expect(isoNow()).toBe('2026-12-01T10:00:00.123Z');
    expect(isoNow()).toBe('2026-12-01T10:00:00.123Z');
    jest.setSystemTime(Date.parse('2026-12-01T10:00:00.124Z'));
    expect(isoNow()).toBe('2026-12-01T10:00:00.124Z');
  });
});

describe('lastInstantCache', () => {
  it('formats again only for a different instant, answering each instant its own text', () => {
    const format = jest.fn((date: Date) => date.toISOString());
    const cached = lastInstantCache(format);
    const a = new Date('2026-12-01T10:00:00.001Z');
    expect(cached(a)).toBe('2026-12-01T10:00:00.001Z');
    expect(cached(new Date(a.getTime()))).toBe('2026-12-01T10:00:00.001Z');
    expect(format).toHaveBeenCalledTimes(1);
    expect(cached(new Date('2026-12-01T10:00:00.002Z'))).toBe('2026-12-01T10:00:00.002Z');
    expect(cached(a)).toBe('2026-12-01T10:00:00.001Z');
    expect(format).toHaveBeenCalledTimes(3);
  });
});
