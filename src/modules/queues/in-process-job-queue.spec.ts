import { InProcessJobQueue } from './in-process-job-queue';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('InProcessJobQueue', () => {
  let queue: InProcessJobQueue<{ n: number }>;
  afterEach(() => queue.close());

  it('runs a job added before process() once a processor starts, and a delayed job after its delay', async () => {
    queue = new InProcessJobQueue('test');
    const seen: Array<[number, number]> = [];
    const started = Date.now();
    await queue.add({ n: 1 }, { jobId: 'a' });
    await queue.add({ n: 2 }, { jobId: 'b', delayMs: 80 });
    queue.process(1, async ({ n }) => void seen.push([n, Date.now() - started]));
    await tick(20);
    expect(seen.map(([n]) => n)).toEqual([1]);
    await tick(100);
    expect(seen.map(([n]) => n)).toEqual([1, 2]);
    expect(seen[1][1]).toBeGreaterThanOrEqual(75);
  });

  it('ignores a job id that is already waiting, and takes it again once it ran', async () => {
    queue = new InProcessJobQueue('test');
    const seen: number[] = [];
    await queue.add({ n: 1 }, { jobId: 'same', delayMs: 30 });
    await queue.add({ n: 2 }, { jobId: 'same', delayMs: 30 });
    expect(await queue.depth()).toBe(1);
    queue.process(1, async ({ n }) => void seen.push(n));
    await tick(60);
    await queue.add({ n: 3 }, { jobId: 'same' });
    await tick(10);
    expect(seen).toEqual([1, 3]);
  });

  it('runs at most `concurrency` jobs at once and survives a failing job', async () => {
    queue = new InProcessJobQueue('test');
    let running = 0;
    let most = 0;
    let done = 0;
    queue.process(2, async ({ n }) => {
      running++;
      most = Math.max(most, running);
      await tick(10);
      running--;
      done++;
      if (n === 0) throw new Error('boom');
    });
    for (let n = 0; n < 6; n++) await queue.add({ n }, { jobId: `j${n}` });
    await tick(80);
    expect(most).toBe(2);
    expect(done).toBe(6);
  });

  it('drops waiting jobs on close: the database sweeps are what make work durable', async () => {
    queue = new InProcessJobQueue('test');
    const seen: number[] = [];
    queue.process(1, async ({ n }) => void seen.push(n));
    await queue.add({ n: 1 }, { jobId: 'later', delayMs: 20 });
    await queue.close();
    await queue.add({ n: 2 }, { jobId: 'after-close' });
    await tick(40);
    expect(seen).toEqual([]);
  });
});
