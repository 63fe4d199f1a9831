import Bull from 'bull';
import { join } from 'node:path';
import { startServer } from './children';
import { BENCH_REDIS_URL, BENCH_DATABASE_URL, benchSchema, countCompleted } from './services';

const IN_FLIGHT = 50;
const WORKER_CONCURRENCY = 20;

export interface Throughput {
  jobs: number;
  seconds: number;
  perSecond: number;
}

/** Runs `submit` n times with IN_FLIGHT at once. */
async function submitAll(n: number, submit: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < n) await submit(next++);
    }),
  );
}

async function until(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Flowgate end to end: an API process (FLOWGATE_ROLE=api) takes `n` async runs of the template workflow over HTTP
 * while a worker process (FLOWGATE_ROLE=worker) runs them; measured from the first submit until every one is
 * `completed` in PostgreSQL.
 */
export async function flowgateWorkerThroughput(n: number, dataDir: string): Promise<Throughput> {
  const schema = await benchSchema();
  const env = {
    ...process.env,
    BENCH_DATA_DIR: dataDir,
    BENCH_MODE: 'async-template',
    DATABASE_URL: BENCH_DATABASE_URL,
    DATABASE_SCHEMA: schema.name,
    REDIS_URL: BENCH_REDIS_URL,
    QUEUE_PREFIX: schema.name,
    WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
  };
  const api = await startServer(join(__dirname, 'serve-flowgate.js'), { ...env, FLOWGATE_ROLE: 'api' });
  const profileDir = process.env.BENCH_CPU_PROF;
  const worker = await startServer(
    join(__dirname, 'serve-worker.js'),
    env,
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  try {
    const already = 1; // the sanity run made at setup
    await until(async () => (await countCompleted(schema.name)) >= already, 30_000);
    const started = performance.now();
    await submitAll(n, async () => {
      const res = await fetch(api.target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...api.target.headers },
        body: JSON.stringify(api.target.body),
      });
      await res.arrayBuffer();
      if (res.status !== 202) throw new Error(`async submit answered ${res.status}`);
    });
    await until(async () => (await countCompleted(schema.name)) >= n + already, 300_000);
    const seconds = (performance.now() - started) / 1000;
    return { jobs: n, seconds, perSecond: n / seconds };
  } finally {
    await worker.stop();
    await api.stop();
    await schema.drop();
  }
}

/** The floor: a bare Bull queue, `n` adds from this process, a consumer process doing nothing with each job. */
export async function bareBullThroughput(n: number): Promise<Throughput> {
  const schema = await benchSchema();
  const consumer = await startServer(join(__dirname, 'serve-bull-consumer.js'), {
    ...process.env,
    BENCH_REDIS_URL,
    BENCH_QUEUE_PREFIX: schema.name,
    BENCH_CONCURRENCY: String(WORKER_CONCURRENCY),
  });
  const queue = new Bull('bare', BENCH_REDIS_URL, { prefix: schema.name });
  try {
    const started = performance.now();
    await submitAll(n, async (i) => {
      await queue.add('run', { i }, { jobId: `job-${i}`, removeOnComplete: false });
    });
    await until(async () => (await queue.getJobCounts()).completed >= n, 300_000);
    const seconds = (performance.now() - started) / 1000;
    return { jobs: n, seconds, perSecond: n / seconds };
  } finally {
    await queue.close();
    await consumer.stop();
    await schema.drop();
  }
}
