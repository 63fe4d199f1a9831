import Bull from 'bull';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import Fastify from 'fastify';
import Redis from 'ioredis';
import { Client, Pool as PgPool } from 'pg';
import { Pool } from 'undici';
import { exitWhenDone } from './children';
import { acceptedRow, completedSteps, insertRowsSql, migrateExecutions, pgStamp } from './execution-row';
import { BENCH_DATABASE_URL, BENCH_REDIS_URL } from './services';

/**
 * `npm run bench:queue-limit`: how close to a bare Bull loop an HTTP-submitted job can get on this machine, with no
 * Flowgate code on the path (only its schema, for durable-execution), so the `worker ratio` goal can be read against
 * a ceiling (as bench:write-limit does for the sync run). Each target is a plain Fastify route (no NestJS, no auth,
 * no engine) and a consumer process, both driven like the worker bench (500 jobs warm-up, then BENCH_WORKER_JOBS,
 * 10,000 by default as there, 50 in flight from an undici pool):
 *  - bare:     no HTTP; the client adds each job to Bull itself (the worker bench's baseline);
 *  - each:     the route adds one Bull job per request, the consumer does nothing;
 *  - batched:  the route adds one Bull job per event-loop turn carrying that turn's requests;
 *  - durable:  batched, and the route inserts the turn's rows in one PostgreSQL statement before answering, the
 *              consumer claims a job's rows in one statement and closes them in another (the least a durable
 *              async run needs: recorded before 202, leased, closed);
 *  - durable-execution: durable, with the rows Flowgate writes: its `executions` table from its migrations (indexes,
 *              foreign key) and a run's row as accepted (the plan with its graph), claimed with a lease, closed with
 *              its result and steps.
 * Prints jobs/s per target and its ratio to `bare` of the same run.
 */
const IN_FLIGHT = 50;
const WARMUP = 500;
const CONCURRENCY = 20;
type Mode = 'bare' | 'each' | 'batched' | 'durable' | 'durable-execution';
const MODES: Mode[] = ['bare', 'each', 'batched', 'durable', 'durable-execution'];

/** The statements of `durable-execution`, on Flowgate's `executions` table in `schema`. */
function executionStatements(schema: string) {
  return {
    insert: insertRowsSql(`"${schema}".executions`),
    claim: `UPDATE "${schema}".executions
      SET lease_owner = 'consumer', lease_expires_at = now() + interval '30 seconds', started_at = now()
      WHERE id = ANY($1::varchar[]) AND status = 'processing' RETURNING id, plan`,
    close: `UPDATE "${schema}".executions AS e
      SET status = 'completed', result = v.result, steps = v.steps, completed_at = v.completed_at, ms = v.ms,
          lease_owner = NULL, lease_expires_at = NULL
      FROM (SELECT (r->>0)::varchar AS id, (r->>1)::text AS result, (r->>2)::text AS steps,
              (r->>3)::timestamptz AS completed_at, (r->>4)::integer AS ms
            FROM jsonb_array_elements($1::jsonb) AS r) AS v
      WHERE e.id = v.id AND e.status = 'processing'`,
  };
}

/** Claims and closes the executions of one job (durable-execution). */
async function runExecutions(pg: PgPool, schema: string, ids: string[]): Promise<void> {
  const statements = executionStatements(schema);
  const { rows } = await pg.query<{ id: string; plan: string }>({
    name: 'claim_executions',
    text: statements.claim,
    values: [ids],
  });
  const now = new Date().toISOString();
  const results = rows.map((row) => JSON.stringify(`Hello, ${JSON.parse(row.plan).inputs.name}!`));
  await pg.query({
    name: 'close_executions',
    text: statements.close,
    values: [JSON.stringify(rows.map((row, i) => [row.id, results[i], completedSteps(now), now, 1]))],
  });
}

/** Counts what the consumer finished, published to Redis every 5 ms (not per job, which would cost a round trip). */
function consumer(prefix: string, mode: Mode): void {
  const durable = mode === 'durable';
  const redis = new Redis(BENCH_REDIS_URL);
  const pg = new PgPool({ connectionString: BENCH_DATABASE_URL, max: 10 });
  const queue = new Bull('limit', BENCH_REDIS_URL, { prefix });
  let done = 0;
  setInterval(() => void redis.set(`${prefix}:done`, done), 5);
  void queue.process('run', CONCURRENCY, async (job) => {
    const ids = (job.data as { ids?: string[] }).ids;
    if (!ids) return void done++;
    if (mode === 'durable-execution') await runExecutions(pg, prefix, ids);
    if (durable) {
      const { rows } = await pg.query({
        name: 'claim',
        text: `UPDATE "${prefix}".runs SET lease = 'consumer' WHERE id = ANY($1::uuid[]) RETURNING id, body`,
        values: [ids],
      });
      const results = rows.map((row: { body: string }) => `Hello, ${JSON.parse(row.body).inputs.name}!`);
      await pg.query({
        name: 'close',
        text: `UPDATE "${prefix}".runs r SET status = 'completed', result = u.result, lease = NULL
                 FROM unnest($1::uuid[], $2::text[]) AS u(id, result) WHERE r.id = u.id`,
        values: [rows.map((row: { id: string }) => row.id), results],
      });
    }
    done += ids.length;
  });
  void queue.isReady().then(() => process.stdout.write('ready\n'));
}

/** The plain Fastify route of `mode`; prints its port. */
function route(prefix: string, mode: Mode): void {
  const pg = new PgPool({ connectionString: BENCH_DATABASE_URL, max: 10 });
  const queue = new Bull('limit', BENCH_REDIS_URL, { prefix });
  const insertExecutions = executionStatements(prefix).insert;
  let turn: { ids: string[]; bodies: string[]; rows: unknown[][]; flushed: Promise<unknown> } | null = null;
  const accept = (id: string, body: string): Promise<unknown> => {
    if (!turn) {
      const batch = {
        ids: [] as string[],
        bodies: [] as string[],
        rows: [] as unknown[][],
        flushed: Promise.resolve() as Promise<unknown>,
      };
      batch.flushed = new Promise((resolve) => setImmediate(resolve)).then(async () => {
        turn = null;
        if (mode === 'durable-execution')
          await pg.query({
            name: 'insert_executions',
            text: insertExecutions,
            values: [JSON.stringify(batch.rows)],
          });
        if (mode === 'durable')
          await pg.query({
            name: 'insert',
            text: `INSERT INTO "${prefix}".runs (id, status, body) SELECT id, 'processing', body
                     FROM unnest($1::uuid[], $2::text[]) AS u(id, body)`,
            values: [batch.ids, batch.bodies],
          });
        await queue.add('run', { ids: batch.ids }, { removeOnComplete: true });
      });
      turn = batch;
    }
    turn.ids.push(id);
    turn.bodies.push(body);
    return turn.flushed;
  };
  /** The accepted execution's row (durable-execution), its id the one the job carries. */
  const acceptExecution = (name: string): { id: string; flushed: Promise<unknown> } => {
    const row = acceptedRow(name, 'async', pgStamp);
    const flushed = accept(row[0] as string, '');
    turn!.rows.push(row);
    return { id: row[0] as string, flushed };
  };
  const app = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    process.stderr.write(`${String(error)}\n`);
    void reply.code(500).send({ error: String(error) });
  });
  app.post('/run', async (request, reply) => {
    if (mode === 'durable-execution') {
      const name = String((request.body as { inputs?: { name?: unknown } })?.inputs?.name ?? '');
      const { id, flushed } = acceptExecution(name);
      await flushed;
      return reply.code(202).send({ id, status: 'processing' });
    }
    const id = randomUUID();
    if (mode === 'each') await queue.add('run', { id }, { removeOnComplete: true });
    else await accept(id, JSON.stringify(request.body));
    return reply.code(202).send({ id, status: 'processing' });
  });
  void app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
    const address = app.server.address() as { port: number };
    process.stdout.write(`${address.port}\n`);
  });
}

/** Starts this file in `role`, resolving with the first line it prints. */
function child(role: string, prefix: string, mode: Mode): Promise<{ line: string; stop(): void }> {
  const proc = spawn(process.execPath, [__filename, role, prefix, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${role} exited (${code})`)));
    createInterface({ input: proc.stdout }).once('line', (line) =>
      resolve({ line, stop: () => proc.kill() }),
    );
  });
}

async function measure(mode: Mode, n: number): Promise<number> {
  const prefix = `qlimit_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const pg = new Client({ connectionString: BENCH_DATABASE_URL });
  await pg.connect();
  await pg.query(`CREATE SCHEMA "${prefix}"`);
  await pg.query(
    `CREATE TABLE "${prefix}".runs (id uuid PRIMARY KEY, status text NOT NULL, body text, result text, lease text)`,
  );
  if (mode === 'durable-execution')
    await migrateExecutions({ databaseUrl: BENCH_DATABASE_URL, databaseSchema: prefix });
  const redis = new Redis(BENCH_REDIS_URL);
  const consumerProcess = await child('consumer', prefix, mode);
  const routeProcess = mode === 'bare' ? null : await child('route', prefix, mode);
  const queue = new Bull('limit', BENCH_REDIS_URL, { prefix });
  const http = routeProcess
    ? new Pool(`http://127.0.0.1:${routeProcess.line}`, { connections: IN_FLIGHT })
    : null;
  const body = JSON.stringify({ inputs: { name: 'bench' } });
  const submit = async (i: number) => {
    if (!http) return void (await queue.add('run', { i }, { removeOnComplete: true }));
    const res = await http.request({
      path: '/run',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await res.body.dump();
    if (res.statusCode !== 202) throw new Error(`route answered ${res.statusCode}`);
  };
  const round = async (count: number, from: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < count) await submit(from + next++);
      }),
    );
  };
  const until = async (count: number) => {
    while (Number(await redis.get(`${prefix}:done`)) < count) await new Promise((r) => setTimeout(r, 5));
  };
  try {
    await round(WARMUP, 0);
    await until(WARMUP);
    const started = performance.now();
    await round(n, WARMUP);
    await until(WARMUP + n);
    return n / ((performance.now() - started) / 1000);
  } finally {
    await http?.close();
    await queue.close();
    routeProcess?.stop();
    consumerProcess.stop();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await pg.query(`DROP SCHEMA "${prefix}" CASCADE`);
    await pg.end();
  }
}

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_WORKER_JOBS ?? 10000);
  const rates = new Map<Mode, number>();
  const modes = process.env.BENCH_ONLY
    ? MODES.filter((mode) => process.env.BENCH_ONLY!.split(',').includes(mode))
    : MODES;
  for (const mode of modes) rates.set(mode, await measure(mode, n));
  const bare = rates.get('bare') ?? NaN;
  for (const [mode, rate] of rates)
    console.log(
      `${mode.padEnd(17)} ${rate.toFixed(0).padStart(6)} jobs/s  ratio to bare ${(rate / bare).toFixed(2)}`,
    );
}

const [role, prefix, mode] = process.argv.slice(2) as [string, string, Mode];
if (role === 'consumer') consumer(prefix, mode);
else if (role === 'route') route(prefix, mode);
else exitWhenDone(main());
