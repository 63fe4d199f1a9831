import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopAllServers } from './children';
import { drive, LoadOptions, Measurement } from './measure';
import { BENCH_DATABASE_URL, BENCH_REDIS_URL, benchSchema } from './services';
import { bareBullThroughput, flowgateWorkerThroughput, Throughput } from './worker-throughput';

/**
 * `npm run bench`, one target after the other, each in its own process:
 *  - sync run: bare NestJS-on-Fastify vs a Flowgate sync run of a template-only workflow (embedded default);
 *  - async submit: the bare route vs `?async=true` submits of a sandbox-image workflow on PostgreSQL + Redis
 *    (an API-only process: accept, reserve, record, queue), at 100 connections;
 *  - worker throughput: async template runs from submit to `completed` (API process + worker process) vs a bare
 *    Bull add + no-op process loop.
 * The last lines are `async-submit p99 ms: <n>`, `worker ratio: <x.xx>` and `sync-run ratio: <x.xx>`.
 * `async-submit p99 ms` is measured at BENCH_ASYNC_RATE requests/s offered over the 100 connections (an open load,
 * so it is a latency, not the queueing of a saturated server; the saturated figures are printed above it).
 * Env: BENCH_DURATION (s, 10), BENCH_CONNECTIONS (20), BENCH_WARMUP (s, 2), BENCH_ASYNC_CONNECTIONS (100),
 * BENCH_ASYNC_RATE (200),
 * BENCH_WORKER_JOBS (2000), BENCH_CPU_PROF (a directory: profile the Flowgate child with `node --cpu-prof`),
 * BENCH_DATABASE_URL / BENCH_REDIS_URL (the local PostgreSQL `test` database and Redis by default).
 */
function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

interface Target {
  label: string;
  script: string;
  env?: NodeJS.ProcessEnv;
  nodeArgs?: string[];
}

/** Async submits on PostgreSQL + Redis (an API-only process): as fast as they are answered, then at a set rate. */
async function benchAsyncSubmit(
  load: LoadOptions,
  rate: number,
  warmupSeconds: number,
): Promise<[Measurement, Measurement]> {
  const results: Measurement[] = [];
  for (const offered of [undefined, rate]) {
    const schema = await benchSchema();
    try {
      results.push(
        await benchTarget(
          {
            label: offered ? `flowgate async-submit @ ${offered}/s` : 'flowgate async-submit',
            script: 'serve-flowgate.js',
            env: {
              BENCH_DATA_DIR: dataDir,
              BENCH_MODE: 'async-image',
              FLOWGATE_ROLE: 'api',
              DATABASE_URL: BENCH_DATABASE_URL,
              DATABASE_SCHEMA: schema.name,
              REDIS_URL: BENCH_REDIS_URL,
              QUEUE_PREFIX: schema.name,
            },
          },
          { ...load, rate: offered },
          warmupSeconds,
        ),
      );
    } finally {
      await schema.drop();
    }
  }
  return [results[0], results[1]];
}

function throughputRow(label: string, t: Throughput): string {
  return `${label.padEnd(26)} ${t.perSecond.toFixed(0).padStart(7)} executions/s (${t.jobs} in ${t.seconds.toFixed(2)} s)`;
}

async function benchTarget(target: Target, load: LoadOptions, warmupSeconds: number): Promise<Measurement> {
  const server = await startServer(
    join(__dirname, target.script),
    { ...process.env, ...target.env },
    target.nodeArgs,
  );
  try {
    process.stderr.write(
      `${target.label}: warming up ${warmupSeconds} s, measuring ${load.durationSeconds} s\n`,
    );
    const warmup = await drive(server.target, { ...load, durationSeconds: warmupSeconds });
    const measured = await drive(server.target, load);
    return { ...measured, non2xx: measured.non2xx + warmup.non2xx, errors: measured.errors + warmup.errors };
  } finally {
    await server.stop();
  }
}

function row(label: string, m: Measurement): string {
  return [
    label.padEnd(18),
    m.requestsPerSecond.toFixed(0).padStart(9),
    m.p50Ms.toFixed(0).padStart(8),
    m.p99Ms.toFixed(0).padStart(8),
    String(m.total).padStart(9),
    String(m.non2xx).padStart(7),
    String(m.errors).padStart(7),
  ].join(' ');
}

function summary(m: Measurement): string {
  return `${m.requestsPerSecond.toFixed(0)} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms`;
}

async function main(): Promise<number> {
  const load: LoadOptions = {
    connections: positiveInt('BENCH_CONNECTIONS', 20),
    durationSeconds: positiveInt('BENCH_DURATION', 10),
  };
  const warmupSeconds = positiveInt('BENCH_WARMUP', 2);
  const profileDir = process.env.BENCH_CPU_PROF;
  try {
    const baseline = await benchTarget(
      { label: 'baseline', script: 'serve-baseline.js' },
      load,
      warmupSeconds,
    );
    const flowgate = await benchTarget(
      {
        label: 'flowgate sync-run',
        script: 'serve-flowgate.js',
        env: { BENCH_DATA_DIR: dataDir },
        nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      },
      load,
      warmupSeconds,
    );
    const asyncLoad = { ...load, connections: positiveInt('BENCH_ASYNC_CONNECTIONS', 100) };
    const bareAsync = await benchTarget(
      { label: 'baseline (async load)', script: 'serve-baseline.js' },
      asyncLoad,
      warmupSeconds,
    );
    const asyncRate = positiveInt('BENCH_ASYNC_RATE', 200);
    const bareAtRate = await benchTarget(
      { label: `baseline @ ${asyncRate}/s`, script: 'serve-baseline.js' },
      { ...asyncLoad, rate: asyncRate },
      warmupSeconds,
    );
    const [asyncSubmit, asyncAtRate] = await benchAsyncSubmit(asyncLoad, asyncRate, warmupSeconds);
    const jobs = positiveInt('BENCH_WORKER_JOBS', 2000);
    process.stderr.write(`worker throughput: ${jobs} jobs, bare Bull then Flowgate\n`);
    const bareBull = await bareBullThroughput(jobs);
    const worker = await flowgateWorkerThroughput(jobs, dataDir);

    const ratio = flowgate.requestsPerSecond / baseline.requestsPerSecond;
    console.log(
      `connections ${load.connections}, duration ${load.durationSeconds} s (after ${warmupSeconds} s warm-up)`,
    );
    console.log(
      `${'target'.padEnd(18)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'requests'.padStart(9)} ${'non2xx'.padStart(7)} ${'errors'.padStart(7)}`,
    );
    console.log(row('baseline', baseline));
    console.log(row('flowgate sync-run', flowgate));
    console.log(`async load: ${asyncLoad.connections} connections, PostgreSQL + Redis, API-only process`);
    console.log(row('baseline (async load)', bareAsync));
    console.log(row('flowgate async-submit', asyncSubmit));
    console.log(row(`baseline @ ${asyncRate}/s`, bareAtRate));
    console.log(row(`async-submit @ ${asyncRate}/s`, asyncAtRate));
    console.log(throughputRow('bare Bull add+process', bareBull));
    console.log(throughputRow('flowgate worker (e2e)', worker));
    console.log(`baseline: ${summary(baseline)}`);
    console.log(`flowgate sync-run: ${summary(flowgate)}`);
    console.log(
      `async-submit saturated: ${asyncSubmit.requestsPerSecond.toFixed(0)} req/s, p50 ${asyncSubmit.p50Ms} ms, p99 ${asyncSubmit.p99Ms} ms (bare route p99 ${bareAsync.p99Ms} ms)`,
    );
    console.log(
      `async-submit at ${asyncRate} req/s offered over ${asyncLoad.connections} connections: p50 ${asyncAtRate.p50Ms} ms (bare route ${bareAtRate.p50Ms} ms)`,
    );
    const failed = [baseline, flowgate, bareAsync, asyncSubmit, bareAtRate, asyncAtRate].some(
      (m) => m.non2xx > 0 || m.errors > 0,
    );
    if (failed)
      console.error('bench FAILED: some requests were not answered 2xx; the numbers above do not count');
    console.log(`async-submit p99 ms: ${asyncAtRate.p99Ms}`);
    console.log(`worker ratio: ${(worker.perSecond / bareBull.perSecond).toFixed(2)}`);
    console.log(`sync-run ratio: ${ratio.toFixed(2)}`);
    return failed ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'flowgate-bench-'));

async function cleanUp(): Promise<void> {
  await stopAllServers();
  rmSync(dataDir, { recursive: true, force: true });
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    // main()'s finally may not run if autocannon is mid-flight; stop the servers here and exit.
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    void cleanUp().finally(() => process.exit(1));
  },
);
