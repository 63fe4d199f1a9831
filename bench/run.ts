import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopAllServers } from './children';
import { drive, LoadOptions, Measurement } from './measure';
import { newestProfile, profileBreakdown } from './profile-summary';
import { BENCH_DATABASE_URL, BENCH_REDIS_URL, benchSchema } from './services';
import { bareBullThroughput, flowgateWorkerThroughput, Throughput } from './worker-throughput';

/**
 * `npm run bench`, one target after the other, each in its own process:
 *  - sync run: bare NestJS-on-Fastify vs a Flowgate sync run of a template-only workflow, on the embedded default
 *    and on PostgreSQL + Redis, each against the bare route measured just before it;
 *  - async submit: the bare route vs `?async=true` submits of a sandbox-image workflow on PostgreSQL + Redis
 *    (an API-only process: accept, reserve, record, queue), at 100 connections;
 *  - worker throughput: async template runs from submit to `completed` (API process + worker process) vs a bare
 *    Bull add + no-op process loop.
 * The last lines are `async-submit p99 ms: <n>`, `worker ratio: <x.xx>`, `sync-run ratio (postgres): <x.xx>` and
 * `sync-run ratio: <x.xx>`.
 * `async-submit p99 ms` is measured at BENCH_ASYNC_RATE requests/s offered over the 100 connections (an open load,
 * so it is a latency, not the queueing of a saturated server; the saturated figures are printed above it).
 * Env: BENCH_ONLY (a comma list of sync, async, worker; all by default), BENCH_DURATION (s, 10),
 * BENCH_CONNECTIONS (20), BENCH_WARMUP (s, 2), BENCH_ASYNC_CONNECTIONS (100), BENCH_ASYNC_RATE (200),
 * BENCH_WORKER_JOBS (10000), BENCH_CPU_PROF (a directory: profile the Flowgate children with `node --cpu-prof` and
 * print where their time goes), BENCH_DATABASE_URL / BENCH_REDIS_URL (the local PostgreSQL `test` database and Redis
 * by default).
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

/** What `BENCH_ONLY` selects (a comma list of sync, async, worker); all three when unset. */
function selectedParts(): Set<string> {
  const raw = process.env.BENCH_ONLY;
  const parts = new Set((raw || 'sync,async,worker').split(',').map((part) => part.trim()));
  for (const part of parts)
    if (!['sync', 'async', 'worker'].includes(part))
      throw new Error(`BENCH_ONLY takes sync, async and worker, got ${raw}`);
  return parts;
}

/** The profile settings of a Flowgate child: a profile of its load, in its own folder under BENCH_CPU_PROF. */
function profiled(name: string): { env: NodeJS.ProcessEnv; dir?: string } {
  const root = process.env.BENCH_CPU_PROF;
  if (!root) return { env: {} };
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return { env: { BENCH_PROFILE_DIR: dir }, dir };
}

/** Where the profiled child's time went (BENCH_CPU_PROF), printed under its label. */
function printBreakdown(label: string, dir: string | undefined): void {
  if (!dir) return;
  const path = newestProfile(dir);
  if (!path) return;
  console.log(`where ${label} spends its time (self time, top places; ${path}):`);
  for (const line of profileBreakdown(path)) console.log(line);
}

interface SyncRun {
  baseline: Measurement;
  flowgate: Measurement;
  profileDir?: string;
}

/** The sync template run against the bare route measured just before it, on one database. */
async function benchSyncRun(
  name: 'sqlite' | 'postgres',
  load: LoadOptions,
  warmupSeconds: number,
): Promise<SyncRun> {
  const baseline = await benchTarget(
    { label: `baseline (${name})`, script: 'serve-baseline.js' },
    load,
    warmupSeconds,
  );
  const profile = profiled(`sync-${name}`);
  const schema = name === 'postgres' ? await benchSchema() : null;
  try {
    const flowgate = await benchTarget(
      {
        label: `flowgate sync-run (${name})`,
        script: 'serve-flowgate.js',
        env: {
          BENCH_DATA_DIR: dataDir,
          ...profile.env,
          ...(schema && {
            DATABASE_URL: BENCH_DATABASE_URL,
            DATABASE_SCHEMA: schema.name,
            REDIS_URL: BENCH_REDIS_URL,
            QUEUE_PREFIX: schema.name,
          }),
        },
      },
      load,
      warmupSeconds,
    );
    return { baseline, flowgate, profileDir: profile.dir };
  } finally {
    await schema?.drop();
  }
}

async function main(): Promise<number> {
  const load: LoadOptions = {
    connections: positiveInt('BENCH_CONNECTIONS', 20),
    durationSeconds: positiveInt('BENCH_DURATION', 10),
  };
  const warmupSeconds = positiveInt('BENCH_WARMUP', 2);
  const parts = selectedParts();
  const measured: Measurement[] = [];
  const last: string[] = [];
  try {
    let sqlite: SyncRun | undefined;
    let postgres: SyncRun | undefined;
    if (parts.has('sync')) {
      sqlite = await benchSyncRun('sqlite', load, warmupSeconds);
      postgres = await benchSyncRun('postgres', load, warmupSeconds);
      measured.push(sqlite.baseline, sqlite.flowgate, postgres.baseline, postgres.flowgate);
    }
    const asyncLoad = { ...load, connections: positiveInt('BENCH_ASYNC_CONNECTIONS', 100) };
    const asyncRate = positiveInt('BENCH_ASYNC_RATE', 200);
    let asyncRows: Measurement[] | undefined;
    if (parts.has('async')) {
      const bareAsync = await benchTarget(
        { label: 'baseline (async load)', script: 'serve-baseline.js' },
        asyncLoad,
        warmupSeconds,
      );
      const bareAtRate = await benchTarget(
        { label: `baseline @ ${asyncRate}/s`, script: 'serve-baseline.js' },
        { ...asyncLoad, rate: asyncRate },
        warmupSeconds,
      );
      const [asyncSubmit, asyncAtRate] = await benchAsyncSubmit(asyncLoad, asyncRate, warmupSeconds);
      asyncRows = [bareAsync, asyncSubmit, bareAtRate, asyncAtRate];
      measured.push(...asyncRows);
    }
    let workerRows: [Throughput, Throughput] | undefined;
    if (parts.has('worker')) {
      const jobs = positiveInt('BENCH_WORKER_JOBS', 10000);
      process.stderr.write(`worker throughput: ${jobs} jobs, bare Bull then Flowgate\n`);
      workerRows = [await bareBullThroughput(jobs), await flowgateWorkerThroughput(jobs, dataDir)];
    }

    console.log(
      `connections ${load.connections}, duration ${load.durationSeconds} s (after ${warmupSeconds} s warm-up)`,
    );
    console.log(
      `${'target'.padEnd(18)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'requests'.padStart(9)} ${'non2xx'.padStart(7)} ${'errors'.padStart(7)}`,
    );
    if (sqlite && postgres) {
      console.log(row('baseline', sqlite.baseline));
      console.log(row('flowgate sync-run', sqlite.flowgate));
      console.log(row('baseline', postgres.baseline));
      console.log(row('sync-run (pg+redis)', postgres.flowgate));
      console.log(`baseline: ${summary(sqlite.baseline)}`);
      console.log(`flowgate sync-run: ${summary(sqlite.flowgate)}`);
      console.log(`flowgate sync-run on PostgreSQL + Redis: ${summary(postgres.flowgate)}`);
      printBreakdown('sync-run (sqlite)', sqlite.profileDir);
      printBreakdown('sync-run (postgres)', postgres.profileDir);
    }
    if (asyncRows) {
      const [bareAsync, asyncSubmit, bareAtRate, asyncAtRate] = asyncRows;
      console.log(`async load: ${asyncLoad.connections} connections, PostgreSQL + Redis, API-only process`);
      console.log(row('baseline (async load)', bareAsync));
      console.log(row('flowgate async-submit', asyncSubmit));
      console.log(row(`baseline @ ${asyncRate}/s`, bareAtRate));
      console.log(row(`async-submit @ ${asyncRate}/s`, asyncAtRate));
      console.log(
        `async-submit saturated: ${asyncSubmit.requestsPerSecond.toFixed(0)} req/s, p50 ${asyncSubmit.p50Ms} ms, p99 ${asyncSubmit.p99Ms} ms (bare route p99 ${bareAsync.p99Ms} ms)`,
      );
      console.log(
        `async-submit at ${asyncRate} req/s offered over ${asyncLoad.connections} connections: p50 ${asyncAtRate.p50Ms} ms (bare route ${bareAtRate.p50Ms} ms)`,
      );
      last.push(`async-submit p99 ms: ${asyncAtRate.p99Ms}`);
    }
    if (workerRows) {
      const [bareBull, worker] = workerRows;
      console.log(throughputRow('bare Bull add+process', bareBull));
      console.log(throughputRow('flowgate worker (e2e)', worker));
      last.push(`worker ratio: ${(worker.perSecond / bareBull.perSecond).toFixed(2)}`);
    }
    if (sqlite && postgres) {
      const ratio = (run: SyncRun) =>
        (run.flowgate.requestsPerSecond / run.baseline.requestsPerSecond).toFixed(2);
      last.push(`sync-run ratio (postgres): ${ratio(postgres)}`, `sync-run ratio: ${ratio(sqlite)}`);
    }
    const failed = measured.some((m) => m.non2xx > 0 || m.errors > 0);
    if (failed)
      console.error('bench FAILED: some requests were not answered 2xx; the numbers above do not count');
    for (const line of last) console.log(line);
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
