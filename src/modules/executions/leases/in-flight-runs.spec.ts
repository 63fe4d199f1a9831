import { InFlightRuns } from './in-flight-runs';

const soon = (ms: number) => new Date(Date.now() + ms);

describe('InFlightRuns', () => {
  it('tells a cancel, a deadline and a shutdown apart', async () => {
    const runs = new InFlightRuns();
    const cancelled = runs.start({ id: 'a', deadlineAt: soon(60_000) });
    const late = runs.start({ id: 'b', deadlineAt: soon(10) });
    expect(cancelled.stopReason()).toBeUndefined();
    expect(runs.abort('a')).toBe(true);
    expect(runs.abort('nobody')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(cancelled.stopReason()).toBe('cancel');
    expect(late.signal.aborted).toBe(true);
    expect(late.stopReason()).toBe('deadline');
    cancelled.end();
    late.end();

    const running = runs.start({ id: 'c', deadlineAt: soon(60_000) });
    const stopped = runs.stopAll();
    expect(running.stopReason()).toBe('shutdown');
    running.end();
    await stopped;
    expect(runs.size).toBe(0);
  });
});
