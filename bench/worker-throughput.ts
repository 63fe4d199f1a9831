import Bull from 'bull';
import { join } from 'node:path';
import { Client } from 'pg';
import { Pool } from 'undici';
import { startServer } from './children';
import { BENCH_REDIS_URL, BENCH_DATABASE_URL, benchSchema } from './services';

const IN_FLIGHT = 50;
const WORKER_CONCURRENCY = 20;
/** Jobs run through either side before it is measured, so neither is timed while its code is still cold. */
const WARMUP_JOBS = 500;

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
 * Submits `WARMUP_JOBS` and waits for them, then measures `n`: from the first measured submit until `completed()`
 * counts every job submitted so far (`already` were done before the warm-up).
 */
async function measure(
  n: number,
  already: number,
  submit: (i: number) => Promise<void>,
  completed: () => Promise<number>,
): Promise<Throughput> {
  await submitAll(WARMUP_JOBS, submit);
  await until(async () => (await completed()) >= already + WARMUP_JOBS, 60_000);
  const started = performance.now();
  await submitAll(n, (i) => submit(WARMUP_JOBS + i));
  await until(async () => (await completed()) >= already + WARMUP_JOBS + n, 300_000);
  const seconds = (performance.now() - started) / 1000;
  return { jobs: n, seconds, perSecond: n / seconds };
}

/**
 * Flowgate end to end: an API process (FLOWGATE_ROLE=api) takes `n` async runs of the template workflow over HTTP
 * while a worker process (FLOWGATE_ROLE=worker) runs them; measured from the first submit until every one is
 * ended in PostgreSQL (all `completed`, checked at the end). The client is an undici pool (fetch costs several times its CPU per request, taken
 * from the two cores the measured processes share) and completions are counted on one open connection.
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
  const profileDir = process.env.BENCH_CPU_PROF;
  const api = await startServer(join(__dirname, 'serve-flowgate.js'), {
    ...env,
    FLOWGATE_ROLE: 'api',
    ...(profileDir && { BENCH_PROFILE_DIR: join(profileDir, 'worker-bench-api') }),
  });
  const worker = await startServer(
    join(__dirname, 'serve-worker.js'),
    env,
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, 'worker-bench-worker')}`] : [],
  );
  const url = new URL(api.target.url);
  const http = new Pool(url.origin, { connections: IN_FLIGHT });
  const request = {
    path: url.pathname + url.search,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', ...api.target.headers },
    body: JSON.stringify(api.target.body),
  };
  const pg = new Client({ connectionString: BENCH_DATABASE_URL });
  await pg.connect();
  const count = async (where: string) => {
    const { rows } = await pg.query(
      `SELECT count(*)::int AS n FROM "${schema.name}".executions WHERE ${where}`,
    );
    return rows[0].n as number;
  };
  let submitted = 1; // the sanity run made at setup
  try {
    const throughput = await measure(
      n,
      1,
      async () => {
        const res = await http.request(request);
        await res.body.dump();
        if (res.statusCode !== 202) throw new Error(`async submit answered ${res.statusCode}`);
        submitted++;
      },
      // Every submit was answered (so recorded) before this is asked: the ones ended are the ones no longer open,
      // counted on the partial index of open executions (a count of ended rows would scan the growing table
      // every 20 ms, on the cores being measured).
      async () => submitted - (await count(`status IN ('processing', 'cancel_requested')`)),
    );
    const completed = await count(`status = 'completed'`);
    if (completed !== submitted) throw new Error(`${submitted - completed} runs ended other than completed`);
    return throughput;
  } finally {
    await pg.end();
    await http.close();
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
    return await measure(
      n,
      0,
      async (i) => {
        await queue.add('run', { i }, { jobId: `job-${i}`, removeOnComplete: false });
      },
      async () => (await queue.getJobCounts()).completed,
    );
  } finally {
    await queue.close();
    await consumer.stop();
    await schema.drop();
  }
}
