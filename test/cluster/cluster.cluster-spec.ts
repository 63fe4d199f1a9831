import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxWorkflow } from '../support/run-helpers';
import { waitFor } from '../support/wait';
import {
  buildServer,
  Instance,
  startInstance,
  stopInstance,
  waitUntilReady,
} from '../support/server-process';
import {
  createSchema,
  dropSchema,
  freePort,
  randomKey,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  withPg,
} from '../support/test-env';
import { listenOnLoopback, readBody } from '../support/loopback';

/**
 * `npm run test:cluster`: the deployment of the README on one machine: two API processes and two workers sharing
 * one PostgreSQL schema and one Redis. Workers are SIGKILLed in the middle of provider polls and while webhook
 * retries are due, an API process in the middle of a sync run; afterwards every execution must be terminal, every
 * balance equal its ledger, every event delivered (once, after dedupe), and every Idempotency-Key replay the
 * terminal answer. Each property is printed with what was measured.
 */
jest.setTimeout(300_000);

const SECRET = 'whsec_cluster_test_secret_0123456789';
const LATENCY_MS = 5000;
const ASYNC_RUNS = 6;

interface Delivery {
  webhookId: string;
  event: string;
  executionId: string;
  status: number;
}

/** A webhook receiver as a customer would write it: its own HMAC check, dedupe on webhook-id. */
class Receiver {
  readonly attempts: Delivery[] = [];
  readonly processed = new Map<string, Record<string, unknown>>();
  rejected = 0;
  /** Answer 500 to the first attempt of every event (so retries are due when a worker is killed). */
  failFirst = false;
  private readonly seenOnce = new Set<string>();
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer(
      (req, res) => void this.handle(req).then((status) => res.writeHead(status).end()),
    );
    this.url = `${await listenOnLoopback(this.server)}/hooks`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const raw = (await readBody(req)).toString('utf8');
    const header = String(req.headers['x-flowgate-signature'] ?? '');
    const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2)));
    const expected = createHmac('sha256', SECRET).update(`${parts.t}.${raw}`).digest('hex');
    const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) <= 300;
    if (
      !fresh ||
      !parts.v1 ||
      parts.v1.length !== expected.length ||
      !timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected))
    ) {
      this.rejected++;
      return 400;
    }
    const body = JSON.parse(raw) as Record<string, unknown>;
    const webhookId = String(req.headers['webhook-id']);
    const status = this.failFirst && !this.seenOnce.has(webhookId) ? 500 : 200;
    this.seenOnce.add(webhookId);
    this.attempts.push({
      webhookId,
      event: String(body.event),
      executionId: String(body.executionId),
      status,
    });
    if (status === 200 && !this.processed.has(webhookId)) this.processed.set(webhookId, body);
    return status;
  }
}

/** An upstream that takes its time: a worker calling it is busy in the middle of a pass. */
class SlowUpstream {
  requests = 0;
  url = '';
  private server?: Server;

  async start(): Promise<void> {
    this.server = createServer((_req, res) => {
      this.requests++;
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 4000);
    });
    this.url = `${await listenOnLoopback(this.server)}/slow`;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function report(property: string, ok: boolean, measured: string): void {
  process.stdout.write(`cluster: ${ok ? 'PASS' : 'FAIL'} ${property}: ${measured}\n`);
}

function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  return waitFor(what, probe, { timeoutMs });
}

async function startWorker(name: string, env: Record<string, string>): Promise<Instance> {
  const worker = startInstance(name, await freePort(), { ...env, FLOWGATE_ROLE: 'worker', LOG_LEVEL: 'log' });
  await until(
    `${name} started`,
    async () => (worker.output.join('').includes('Flowgate worker started') ? true : undefined),
    60_000,
  );
  return worker;
}

function kill(instance: Instance): Promise<void> {
  const exited = new Promise<void>((resolve) => instance.process.once('exit', () => resolve()));
  instance.process.kill('SIGKILL');
  return exited;
}

describe('a cluster of 2 API processes and 2 workers on PostgreSQL + Redis, with workers killed', () => {
  const adminKey = randomKey();
  const receiver = new Receiver();
  const upstream = new SlowUpstream();
  const instances: Instance[] = [];
  let schema: string | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    buildServer();
    await receiver.start();
    await upstream.start();
    schema = await createSchema();
    const apiPort = await freePort();
    env = {
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: schema,
      BOOTSTRAP_ADMIN_KEY: adminKey,
      DEMO_SEED: 'false',
      LOG_LEVEL: 'warn',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'flowgate-cluster-')),
      PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
      ALLOW_PRIVATE_TARGETS: 'true',
      ALLOW_HTTP_TARGETS: 'true',
      EXECUTION_LEASE_SECONDS: '6',
      RECOVERY_SWEEP_SECONDS: '2',
      WEBHOOK_RETRY_SCHEDULE: '1,2,3,5,8',
      RATE_LIMIT_BUSINESS: '0',
    };
    const api1 = startInstance('api1', apiPort, { ...env, FLOWGATE_ROLE: 'api' });
    instances.push(api1);
    await waitUntilReady(api1, adminKey); // the first runs the migrations
    const api2 = startInstance('api2', await freePort(), { ...env, FLOWGATE_ROLE: 'api' });
    instances.push(api2);
    await waitUntilReady(api2, adminKey);
    instances.push(await startWorker('w1', env), await startWorker('w2', env));
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => stopInstance(instance)));
    await receiver.stop();
    await upstream.stop();
    await dropSchema(schema);
  });

  it('loses no execution, credit or delivery, and replays terminal answers', async () => {
    const [api1, api2, w1, w2] = instances;
    const call = async (
      instance: Instance,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
      key = adminKey,
    ) => {
      const res = await fetch(`${instance.baseUrl}${path}`, {
        method,
        headers: {
          'x-api-key': key,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
    };
    const account = (
      await call(api1, 'POST', '/api/admin/accounts', {
        email: 'cluster@example.com',
        tier: 'business',
        approved: true,
      })
    ).body;
    await call(api1, 'POST', `/api/admin/accounts/${account.id}/credits`, {
      amount: 10_000,
      reason: 'cluster',
    });
    const key = (
      await call(api1, 'POST', `/api/admin/accounts/${account.id}/api-keys`, {
        name: 'cluster',
        capabilities: ['workflow:*', 'execution:*', 'webhook:receive', 'key:manage'],
      })
    ).body;
    const user = (
      instance: Instance,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => call(instance, method, path, body, headers, key.key);
    expect(
      (
        await call(
          api1,
          'PUT',
          `/api/api-keys/${key.id}/webhook`,
          { url: receiver.url, secret: SECRET },
          {},
          key.key,
        )
      ).status,
    ).toBe(200);
    const image = (slug: string, latencyMs: number) =>
      sandboxWorkflow('sandbox-image', { latencyMs, width: 64, height: 64 }, 'image', slug);
    expect((await user(api1, 'POST', '/api/workflows', image('slow', LATENCY_MS))).status).toBe(201);
    const heldWorkflow = {
      slug: 'held',
      name: 'held',
      nodes: [
        {
          id: 'input',
          type: 'request-input',
          data: { fields: [{ name: 'prompt', type: 'text', required: true }] },
        },
        {
          id: 'call',
          type: 'http-request',
          data: {
            method: 'GET',
            url: `${upstream.url}?q={{prompt}}`,
            responseType: 'json',
            timeoutMs: 20_000,
          },
        },
        { id: 'output', type: 'response-output', data: { type: 'json', name: 'answer' } },
      ],
      edges: [
        { id: 'e1', source: 'input', sourceHandle: 'prompt', target: 'call', targetHandle: 'prompt' },
        { id: 'e2', source: 'call', sourceHandle: 'response', target: 'output', targetHandle: 'value' },
      ],
    };
    expect((await user(api1, 'POST', '/api/workflows', heldWorkflow)).status).toBe(201);
    expect((await user(api1, 'POST', '/api/workflows', image('slower', 10_000))).status).toBe(201);
    const started = Date.now();

    // 1. Async runs through both API processes; a worker is killed while they poll their provider.
    const runs: Array<{ id: string; idempotencyKey: string; via: Instance }> = [];
    for (let i = 0; i < ASYNC_RUNS; i++) {
      const via = i % 2 === 0 ? api1 : api2;
      const idempotencyKey = `async-${i}`;
      const res = await user(
        via,
        'POST',
        '/api/workflows/slow/run?async=true',
        { inputs: { prompt: `p${i}` } },
        { 'Idempotency-Key': idempotencyKey },
      );
      expect(res.status).toBe(202);
      runs.push({ id: res.body.executionId, idempotencyKey, via });
    }
    await until(
      'every async run at its provider',
      async () => {
        for (const run of runs) {
          const body = (await user(api2, 'GET', `/api/executions/${run.id}`)).body;
          if (
            !body.steps.some((s: any) => s.nodeId === 'gen' && s.status === 'running' && s.providerRequestId)
          )
            return undefined;
        }
        return true;
      },
      20_000,
    );
    // A run whose pass holds a worker for seconds (an http-request to a slow upstream): the worker holding its
    // lease right now is the one killed, so the run must resume elsewhere once the lease lapses.
    const held = await user(api2, 'POST', '/api/workflows/held/run?async=true', {
      inputs: { prompt: 'hold' },
    });
    expect(held.status).toBe(202);
    await until(
      'a worker is in the middle of the held run',
      async () => (upstream.requests >= 1 ? true : undefined),
      20_000,
    );
    const owner = await withPg(async (client) => {
      const { rows } = await client.query(`SELECT lease_owner FROM "${schema}".executions WHERE id = $1`, [
        held.body.executionId,
      ]);
      return String(rows[0].lease_owner);
    });
    const holder = [w1, w2].find((worker) => owner.split(':')[1] === String(worker.process.pid))!;
    expect(holder).toBeDefined();
    const survivor = holder === w1 ? w2 : w1;
    await kill(holder);
    report(
      `worker ${holder.name} SIGKILLed mid-pass`,
      true,
      `it held execution ${held.body.executionId} (lease ${owner}) while ${ASYNC_RUNS} other runs polled their provider`,
    );

    // 2. A cancel received by an API process while a worker runs the execution.
    const slower = await user(api1, 'POST', '/api/workflows/slower/run?async=true', {
      inputs: { prompt: 'cancel me' },
    });
    await until(
      'the run to cancel is at its provider',
      async () => {
        const body = (await user(api2, 'GET', `/api/executions/${slower.body.executionId}`)).body;
        return body.steps.some((s: any) => s.nodeId === 'gen' && s.status === 'running') ? true : undefined;
      },
      20_000,
    );
    const cancelAt = Date.now();
    expect((await user(api2, 'POST', `/api/executions/${slower.body.executionId}/cancel`)).status).toBe(202);
    const cancelled = await until(
      'cancelled',
      async () => {
        const body = (await user(api1, 'GET', `/api/executions/${slower.body.executionId}`)).body;
        return body.status === 'cancelled' ? body : undefined;
      },
      10_000,
    );
    const cancelMs = Date.now() - cancelAt;
    report(
      'cancel across processes',
      cancelMs <= 2000 && cancelled.cost === 0,
      `cancelled ${cancelMs} ms after POST …/cancel on api2, charged ${cancelled.cost}`,
    );
    expect(cancelMs).toBeLessThanOrEqual(2000);

    // 3. A sync run whose API process is killed mid-run (its Idempotency-Key must not answer 409 forever).
    const syncKey = 'sync-killed';
    void user(
      api1,
      'POST',
      '/api/workflows/slow/run',
      { inputs: { prompt: 'sync' } },
      { 'Idempotency-Key': syncKey },
    ).catch(() => undefined);
    const syncExecution = await until(
      'the sync run is recorded',
      async () => {
        const page = (await user(api2, 'GET', `/api/executions?idempotencyKey=${syncKey}`)).body;
        return page.data[0]?.executionId as string | undefined;
      },
      10_000,
    );
    await kill(api1);
    report('api1 SIGKILLed mid sync run', true, `execution ${syncExecution}`);

    // 4. A worker killed while webhook retries are due: the first attempt of every event is answered 500 from now on.
    receiver.failFirst = true;
    const w3 = await startWorker('w3', env);
    instances.push(w3);
    await until(
      'a delivery failed and its retry is due',
      async () => (receiver.attempts.some((a) => a.status === 500) ? true : undefined),
      60_000,
    );
    await kill(survivor);
    const lastKill = Date.now();
    report(
      `worker ${survivor.name} SIGKILLed with a webhook retry due`,
      true,
      `${receiver.attempts.length} attempts received so far`,
    );

    // Every execution terminal within 90 s.
    const all = await until(
      'every execution terminal',
      async () => {
        const page = (await user(api2, 'GET', '/api/executions?limit=100')).body;
        return page.data.every((e: any) => e.status !== 'processing' && e.status !== 'cancel_requested')
          ? page.data
          : undefined;
      },
      90_000,
    );
    const settledMs = Date.now() - lastKill;
    const statuses = all.reduce(
      (acc: Record<string, number>, e: any) => ({ ...acc, [e.status]: (acc[e.status] ?? 0) + 1 }),
      {},
    );
    report(
      'every execution terminal within 90 s',
      settledMs < 90_000,
      `${all.length} executions ${JSON.stringify(statuses)}, ${settledMs} ms after the last kill (${Date.now() - started} ms after the first submit)`,
    );
    const notCompleted = runs
      .map((run) => all.find((e: any) => e.executionId === run.id))
      .filter((e: any) => e?.status !== 'completed');
    if (notCompleted.length > 0) {
      const summary = all.map(
        (e: any) => `${e.executionId} ${e.mode} ${e.status} ${e.error?.code ?? ''} ${e.error?.message ?? ''}`,
      );
      process.stdout.write(
        `cluster: runs not completed: ${JSON.stringify(notCompleted)}\n${summary.join('\n')}\n`,
      );
      for (const instance of instances)
        process.stdout.write(`--- ${instance.name}\n${instance.output.join('').slice(-4000)}\n`);
    }
    expect(notCompleted).toEqual([]);
    const heldEnd = all.find((e: any) => e.executionId === held.body.executionId);
    report(
      'the run killed mid-pass resumed on another worker',
      heldEnd.status === 'completed' && upstream.requests === 2,
      `${heldEnd.status} with body ${JSON.stringify(heldEnd.result?.body)}, the upstream was called ${upstream.requests} times (once by each worker)`,
    );
    expect(heldEnd).toMatchObject({ status: 'completed', result: { body: { ok: true } } });
    expect(upstream.requests).toBe(2);

    // Balance equals the ledger sum.
    const ledger: any[] = [];
    for (let cursor: string | null = null, page = 0; page < 100; page++) {
      const res: any = (
        await call(
          api2,
          'GET',
          `/api/admin/accounts/${account.id}/ledger?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        )
      ).body;
      ledger.push(...res.data);
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    const balance = (await call(api2, 'GET', `/api/admin/accounts/${account.id}`)).body.balance;
    const sum = ledger.reduce((total, row) => total + row.amount, 0);
    const charged = all.reduce((total: number, e: any) => total + e.cost, 0);
    report(
      'balance equals the ledger sum',
      balance === sum && balance === 10_000 - charged,
      `balance ${balance}, ledger sum ${sum} over ${ledger.length} rows, charged ${charged}`,
    );
    expect(balance).toBe(sum);
    expect(balance).toBe(10_000 - charged);

    // Every event reached the receiver, once after dedupe.
    const deliverable = all.filter((e: any) => e.mode === 'async');
    await until(
      'every event delivered',
      async () => {
        const delivered = new Set([...receiver.processed.values()].map((body) => body.executionId));
        return deliverable.every((e: any) => delivered.has(e.executionId)) ? true : undefined;
      },
      60_000,
    );
    const perExecution = new Map<string, number>();
    for (const body of receiver.processed.values())
      perExecution.set(String(body.executionId), (perExecution.get(String(body.executionId)) ?? 0) + 1);
    const once = deliverable.every((e: any) => perExecution.get(e.executionId) === 1);
    const duplicates = receiver.attempts.filter((a) => a.status === 200).length - receiver.processed.size;
    report(
      'every event delivered once after dedupe',
      once && receiver.rejected === 0,
      `${deliverable.length} async executions, ${receiver.processed.size} events processed, ${receiver.attempts.length} attempts, ${duplicates} duplicates dropped, ${receiver.rejected} bad signatures`,
    );
    expect(once).toBe(true);
    expect(receiver.rejected).toBe(0);

    // Idempotency-Keys of killed runs replay their terminal answers.
    const syncReplay = await user(
      api2,
      'POST',
      '/api/workflows/slow/run',
      { inputs: { prompt: 'sync' } },
      { 'Idempotency-Key': syncKey },
    );
    const asyncReplay = await user(
      runs[0].via === api1 ? api2 : runs[0].via,
      'POST',
      '/api/workflows/slow/run?async=true',
      { inputs: { prompt: 'p0' } },
      { 'Idempotency-Key': runs[0].idempotencyKey },
    );
    report(
      'Idempotency-Key of a killed run replays its terminal answer',
      syncReplay.status === 500 && asyncReplay.status === 200,
      `sync: ${syncReplay.status} ${syncReplay.body.code} (${(all.find((e: any) => e.executionId === syncExecution) ?? {}).error?.code}); async: ${asyncReplay.status} ${asyncReplay.body.success ? 'success' : ''}`,
    );
    expect(syncReplay).toMatchObject({
      status: 500,
      body: { code: 'EXECUTION_FAILED', executionId: syncExecution },
    });
    expect(all.find((e: any) => e.executionId === syncExecution).error.code).toBe('WORKER_LOST');
    expect(asyncReplay).toMatchObject({ status: 200, body: { success: true, executionId: runs[0].id } });
  });
});
