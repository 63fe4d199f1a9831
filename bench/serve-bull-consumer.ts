import Bull from 'bull';

/**
 * The bare Bull consumer the worker bench compares against: one queue, a processor that does nothing, the same
 * concurrency as a Flowgate worker. Env: BENCH_REDIS_URL, BENCH_QUEUE_PREFIX, BENCH_CONCURRENCY.
 */
const queue = new Bull('bare', process.env.BENCH_REDIS_URL!, { prefix: process.env.BENCH_QUEUE_PREFIX });
void queue.process('run', Number(process.env.BENCH_CONCURRENCY ?? 20), async () => undefined);
void queue.isReady().then(() => {
  process.stdout.write(`${JSON.stringify({ url: 'bull', headers: {}, body: null })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => void queue.close().finally(() => process.exit(0)));
