/**
 * Webhook deliveries (API.md §8, §9) against a real HTTP receiver on loopback that checks every request the way a
 * client would: its own HMAC-SHA256 code (not the project's signer), the timestamp tolerance, and dedupe on
 * `webhook-id`. Deliveries are made through WebhooksModule's own interface (recordForExecution + schedule), as the
 * executions module does when a run ends.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, request as httpRequest, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlClient } from '../../src/database/sql-client';
import { Transactor } from '../../src/database/transactor';
import type { ExecutionEntity } from '../../src/modules/executions/entities/execution.entity';
import { WebhookDeliverer } from '../../src/modules/webhooks/webhook-deliverer.service';
import { WebhookDeliveries } from '../../src/modules/webhooks/webhook-deliveries.service';
import { createWorkflow } from '../support/run-helpers';
import { Session, startTestApp, TestApp } from '../support/test-app';
import { createSchema, dropSchema, randomKey, USE_SERVICES } from '../support/test-env';
import { templateWorkflow } from '../support/workflow-fixtures';
import { listenOnLoopback, readBody } from '../support/loopback';

const RETRY_ENV = { WEBHOOK_RETRY_SCHEDULE: '0.2,0.4,0.6', RECOVERY_SWEEP_SECONDS: '1' };
const LOG_ROW_KEYS = [
  'at',
  'attempt',
  'durationMs',
  'error',
  'event',
  'id',
  'responseBody',
  'statusCode',
  'url',
];

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A webhook receiver as a client would write one: verify, then act once per `webhook-id`. Each path has its
 * secret and a script of statuses to answer (then 200). A 3xx answer points elsewhere on this server.
 */
class Receiver {
  readonly received: Received[] = [];
  /** Events acted on, by webhook-id: a duplicate (a retry after a lost answer) is acknowledged, not acted on. */
  readonly processed = new Map<string, Record<string, unknown>>();
  duplicates = 0;
  rejected = 0;
  private readonly secrets = new Map<string, string>();
  private readonly scripts = new Map<string, number[]>();
  private server!: Server;
  private base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const body = raw.toString('utf8');
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body, at: Date.now() });
        const secret = this.secrets.get(path);
        if (!secret || !verifySignature(secret, body, String(req.headers['x-flowgate-signature'] ?? ''))) {
          this.rejected++;
          res.writeHead(400, { 'content-type': 'text/plain' }).end('bad signature');
          return;
        }
        const status = this.scripts.get(path)?.shift() ?? 200;
        if (status >= 300 && status < 400) {
          res.writeHead(status, { location: '/hooks/moved' }).end();
          return;
        }
        if (status >= 200 && status < 300) {
          const webhookId = String(req.headers['webhook-id']);
          if (this.processed.has(webhookId)) this.duplicates++;
          else this.processed.set(webhookId, JSON.parse(body));
        }
        res.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}`);
      });
    });
    this.base = await listenOnLoopback(this.server);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** A fresh endpoint with its own secret, answering `statuses` in turn (then 200). */
  endpoint(statuses: number[] = []): { url: string; path: string; secret: string } {
    const path = `/hooks/${randomUUID()}`;
    const secret = `whsec_${randomUUID().replace(/-/g, '')}`;
    this.secrets.set(path, secret);
    this.scripts.set(path, [...statuses]);
    return { url: `${this.base}${path}`, path, secret };
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Sends a request to this receiver as if from Flowgate (to replay or tamper with a recorded one). */
  replay(received: Received, body = received.body): Promise<number> {
    return new Promise((resolve, reject) => {
      const headers = { ...received.headers, 'content-length': String(Buffer.byteLength(body)) };
      const req = httpRequest(`${this.base}${received.path}`, { method: 'POST', headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** The receiver's own check of `X-Flowgate-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
function verifySignature(secret: string, body: string, header: string): boolean {
  const fields = Object.fromEntries(header.split(',').map((part) => part.split('=', 2)));
  const t = Number(fields.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(String(fields.v1 ?? ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An ended execution as the executions module hands it over at settlement. */
function endedExecution(
  session: Session,
  webhookUrl: string | null,
  end: Partial<ExecutionEntity> = {},
): ExecutionEntity {
  const createdAt = new Date(Date.now() - 1500);
  return {
    leaseOwner: null,
    leaseExpiresAt: null,
    nextRunAt: null,
    progress: null,

    id: randomUUID(),
    accountId: session.accountId,
    apiKeyId: session.keyId,
    requestId: `req-${randomUUID()}`,
    mode: 'async',
    workflowId: randomUUID(),
    workflowSlug: 'hook-flow',
    workflowVersion: 1,
    modelIds: ['sandbox-image'],
    status: 'completed',
    plan: {} as ExecutionEntity['plan'],
    result: { images: ['http://127.0.0.1/media/x.png'] },
    error: null,
    steps: [],
    reserved: 4,
    charged: 4,
    refunded: 0,
    ms: 1234,
    idempotencyKey: null,
    receivedAt: createdAt,
    createdAt,
    startedAt: createdAt,
    completedAt: new Date(),
    deadlineAt: new Date(Date.now() + 3_600_000),
    webhookUrl,
    ...end,
  };
}

async function keyWithWebhook(t: TestApp, receiver: Receiver, statuses: number[] = []) {
  const session = await t.createSession({
    tier: 'pro',
    capabilities: ['workflow:*', 'execution:*', 'key:manage', 'webhook:receive'],
  });
  const endpoint = receiver.endpoint(statuses);
  await session.http
    .put(`/api/api-keys/${session.keyId}/webhook`)
    .send({ url: endpoint.url, secret: endpoint.secret })
    .expect(200);
  return { session, endpoint };
}

async function recordAndSchedule(t: TestApp, execution: ExecutionEntity): Promise<string> {
  const deliveries = t.app.get(WebhookDeliveries);
  // Inside a transaction, as at settlement; queued after commit.
  const id = await t.app.get(Transactor).run((manager) => deliveries.recordForExecution(execution, manager));
  await deliveries.schedule(id!);
  return id!;
}

async function summaryOf(t: TestApp, executionId: string) {
  return (await t.app.get(WebhookDeliveries).summaries([executionId])).get(executionId)!;
}

async function logOf(t: TestApp, session: Session, executionId: string, limit = 100) {
  return t.app
    .get(WebhookDeliveries)
    .listForExecution(session.accountId, executionId, { limit, cursor: null });
}

describe('webhook deliveries (API.md §9)', () => {
  let t: TestApp;
  const receiver = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp(RETRY_ENV);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('records nothing for an execution made without a webhook', async () => {
    const session = await t.createSession({ tier: 'pro' });
    const execution = endedExecution(session, null);
    await expect(t.app.get(WebhookDeliveries).recordForExecution(execution)).resolves.toBeNull();
    expect(await summaryOf(t, execution.id)).toEqual({ status: 'none', attempts: 0 });
  });

  it('500, 500, 200: retried on schedule, processed once, three attempts logged oldest first', async () => {
    const { session, endpoint } = await keyWithWebhook(t, receiver, [500, 500]);
    const execution = endedExecution(session, endpoint.url);
    await recordAndSchedule(t, execution);
    expect(['pending', 'delivered']).toContain((await summaryOf(t, execution.id)).status);

    await waitFor(async () => (await summaryOf(t, execution.id)).status === 'delivered');
    expect(await summaryOf(t, execution.id)).toEqual({ status: 'delivered', attempts: 3 });

    const requests = receiver.at(endpoint.path);
    expect(requests).toHaveLength(3);
    const webhookId = String(requests[0].headers['webhook-id']);
    for (const r of requests) {
      expect(verifySignature(endpoint.secret, r.body, String(r.headers['x-flowgate-signature']))).toBe(true);
      expect(r.headers).toMatchObject({
        'content-type': 'application/json',
        'user-agent': 'Flowgate-Webhooks/1',
        'x-flowgate-event': 'execution.completed',
        'webhook-id': webhookId,
      });
      expect(r.body).toBe(requests[0].body);
    }
    const deliveryIds = requests.map((r) => r.headers['x-flowgate-delivery']);
    expect(new Set(deliveryIds).size).toBe(3);
    // The schedule is 0.2 s then 0.4 s, ±10 %.
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(170);
    expect(requests[2].at - requests[1].at).toBeGreaterThanOrEqual(350);

    expect(receiver.processed.get(webhookId)).toEqual({
      event: 'execution.completed',
      executionId: execution.id,
      requestId: execution.requestId,
      userId: session.accountId,
      workflowSlug: 'hook-flow',
      modelIds: ['sandbox-image'],
      status: 'completed',
      result: execution.result,
      cost: 4,
      ms: 1234,
      createdAt: execution.createdAt.toISOString(),
      completedAt: execution.completedAt!.toISOString(),
    });

    const log = await logOf(t, session, execution.id);
    expect(log.nextCursor).toBeNull();
    expect(log.data.map((row) => Object.keys(row).sort())).toEqual([
      LOG_ROW_KEYS,
      LOG_ROW_KEYS,
      LOG_ROW_KEYS,
    ]);
    expect(log.data).toEqual(
      [500, 500, 200].map((statusCode, i) => ({
        id: deliveryIds[i],
        event: 'execution.completed',
        attempt: i + 1,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        url: endpoint.url,
        statusCode,
        error: statusCode === 200 ? null : 'receiver answered HTTP 500',
        durationMs: expect.any(Number),
        responseBody: `answer ${statusCode}`,
      })),
    );
    const times = log.data.map((row) => Date.parse(row.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // Cursor pages walk the same rows, oldest first.
    const deliveries = t.app.get(WebhookDeliveries);
    const first = await deliveries.listForExecution(session.accountId, execution.id, {
      limit: 2,
      cursor: null,
    });
    expect(first.data.map((row) => row.attempt)).toEqual([1, 2]);
    const cursor = JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString('utf8'));
    const second = await deliveries.listForExecution(session.accountId, execution.id, {
      limit: 2,
      cursor: { createdAt: new Date(cursor[0]), id: cursor[1] },
    });
    expect(second).toEqual({ data: [log.data[2]], nextCursor: null });
    // Another account sees nothing of it.
    const stranger = await t.createSession({ tier: 'pro' });
    expect((await logOf(t, stranger, execution.id)).data).toEqual([]);
  });

  it('the receiver rejects a tampered body and acts once on a replayed event (dedupe on webhook-id)', async () => {
    const { session, endpoint } = await keyWithWebhook(t, receiver);
    const execution = endedExecution(session, endpoint.url);
    await recordAndSchedule(t, execution);
    await waitFor(async () => (await summaryOf(t, execution.id)).status === 'delivered');
    const [delivered] = receiver.at(endpoint.path);
    const processedBefore = receiver.processed.size;

    const tampered = delivered.body.replace('"cost":4', '"cost":0');
    expect(tampered).not.toBe(delivered.body);
    expect(await receiver.replay(delivered, tampered)).toBe(400);
    expect(await receiver.replay(delivered)).toBe(200);
    expect(receiver.processed.size).toBe(processedBefore);
    expect(receiver.duplicates).toBeGreaterThanOrEqual(1);
  });

  it('410 Gone stops at once: one attempt, failed, nothing more', async () => {
    const { session, endpoint } = await keyWithWebhook(t, receiver, [410]);
    const execution = endedExecution(session, endpoint.url, {
      status: 'failed',
      result: null,
      error: { code: 'PROVIDER_ERROR', message: 'boom', nodeId: 'gen' },
      charged: 0,
    });
    await recordAndSchedule(t, execution);
    await waitFor(async () => (await summaryOf(t, execution.id)).status === 'failed');
    await sleep(1500); // longer than the whole retry schedule
    expect(receiver.at(endpoint.path)).toHaveLength(1);
    expect(receiver.at(endpoint.path)[0].headers['x-flowgate-event']).toBe('execution.failed');
    expect(JSON.parse(receiver.at(endpoint.path)[0].body)).toMatchObject({
      event: 'execution.failed',
      status: 'failed',
      error: { code: 'PROVIDER_ERROR', message: 'boom', nodeId: 'gen' },
      cost: 0,
    });
    expect(await summaryOf(t, execution.id)).toEqual({ status: 'failed', attempts: 1 });
    const log = await logOf(t, session, execution.id);
    expect(log.data).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 410, error: 'receiver answered HTTP 410' }),
    ]);
  });

  it('a 302 is a failed attempt, never followed; retries run out and the delivery fails', async () => {
    const { session, endpoint } = await keyWithWebhook(t, receiver, [302, 302, 302, 302]);
    const execution = endedExecution(session, endpoint.url, {
      status: 'cancelled',
      result: null,
      charged: 0,
    });
    await recordAndSchedule(t, execution);
    await waitFor(async () => (await summaryOf(t, execution.id)).status === 'failed');
    // One first attempt and one per step of the 3-step schedule.
    expect(receiver.at(endpoint.path)).toHaveLength(4);
    expect(receiver.at('/hooks/moved')).toHaveLength(0);
    expect(receiver.at(endpoint.path)[0].headers['x-flowgate-event']).toBe('execution.cancelled');
    expect(await summaryOf(t, execution.id)).toEqual({ status: 'failed', attempts: 4 });
    const log = await logOf(t, session, execution.id);
    expect(log.data.map((row) => [row.attempt, row.statusCode, row.error])).toEqual(
      [1, 2, 3, 4].map((n) => [n, 302, 'receiver answered HTTP 302']),
    );
  });

  it('two senders racing for one due attempt send it once', async () => {
    const { session, endpoint } = await keyWithWebhook(t, receiver);
    const execution = endedExecution(session, endpoint.url);
    const id = await t.app.get(WebhookDeliveries).recordForExecution(execution);
    const deliverer = t.app.get(WebhookDeliverer);
    await Promise.all([deliverer.attemptDue(id!), deliverer.attemptDue(id!), deliverer.attemptDue(id!)]);
    expect(receiver.at(endpoint.path)).toHaveLength(1);
    expect(await summaryOf(t, execution.id)).toEqual({ status: 'delivered', attempts: 1 });
  });

  it.each([
    ['its webhook was removed', "not sent: the key's webhook was removed", 'webhook'],
    ['the key was revoked', 'not sent: the API key was revoked', ''],
  ])('fails without sending when %s', async (_case, error, suffix) => {
    const { session, endpoint } = await keyWithWebhook(t, receiver);
    await session.http.delete(`/api/api-keys/${session.keyId}${suffix ? `/${suffix}` : ''}`).expect(204);
    const execution = endedExecution(session, endpoint.url);
    await recordAndSchedule(t, execution);
    await waitFor(async () => (await summaryOf(t, execution.id)).status === 'failed');
    expect(receiver.at(endpoint.path)).toHaveLength(0);
    expect((await logOf(t, session, execution.id)).data).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: null, error, durationMs: 0, url: endpoint.url }),
    ]);
  });

  it('summaries answer every execution asked for, in one call', async () => {
    const { session, endpoint } = await keyWithWebhook(t, receiver);
    const a = endedExecution(session, endpoint.url);
    await recordAndSchedule(t, a);
    await waitFor(async () => (await summaryOf(t, a.id)).status === 'delivered');
    const unknown = randomUUID();
    const summaries = await t.app.get(WebhookDeliveries).summaries([a.id, unknown]);
    expect([...summaries.entries()]).toEqual([
      [a.id, { status: 'delivered', attempts: 1 }],
      [unknown, { status: 'none', attempts: 0 }],
    ]);
    expect((await t.app.get(WebhookDeliveries).summaries([])).size).toBe(0);
  });

  it('the key webhook test is recorded as a delivery attempt of its own (no execution)', async () => {
    const { session, endpoint } = await keyWithWebhook(t, receiver);
    const res = await session.http.post(`/api/api-keys/${session.keyId}/webhook/test`).expect(201);
    expect(Object.keys(res.body).sort()).toEqual(LOG_ROW_KEYS);
    expect(res.body).toMatchObject({ event: 'webhook.test', attempt: 1, statusCode: 200, url: endpoint.url });
    const [request] = receiver.at(endpoint.path);
    expect(
      verifySignature(endpoint.secret, request.body, String(request.headers['x-flowgate-signature'])),
    ).toBe(true);
    const rows = await t.app
      .get(SqlClient)
      .select<{ execution_id: string | null; status_code: unknown; status: string }>(
        `SELECT a.execution_id, a.status_code, d.status FROM webhook_attempts a
         JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE a.id = ?`,
        [res.body.id],
      );
    expect(rows).toEqual([{ execution_id: null, status_code: 200, status: 'delivered' }]);
  });
});

describe('webhook deliveries across a restart', () => {
  const receiver = new Receiver();
  const key = randomKey();
  let schema: string | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    await receiver.start();
    schema = USE_SERVICES ? await createSchema() : undefined;
    env = {
      ...RETRY_ENV,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'flowgate-restart-')),
      BOOTSTRAP_ADMIN_KEY: key,
      ...(schema ? { DATABASE_SCHEMA: schema } : {}),
    };
  });
  afterAll(async () => {
    await receiver.stop();
    await dropSchema(schema);
  });

  it('a pending delivery whose job was lost is sent by the sweeper of the next process', async () => {
    // An API-only process records events but sends nothing; its in-process jobs die with it.
    const api = await startTestApp({ ...env, FLOWGATE_ROLE: 'api' });
    const { session, endpoint } = await keyWithWebhook(api, receiver);
    const queued = endedExecution(session, endpoint.url);
    await recordAndSchedule(api, queued);
    // Committed but never queued: the process died between the two.
    const lost = endedExecution(session, endpoint.url);
    await api.app.get(WebhookDeliveries).recordForExecution(lost);
    await sleep(300);
    expect(receiver.at(endpoint.path)).toHaveLength(0);
    await api.close();

    const worker = await startTestApp(env);
    try {
      await waitFor(async () => {
        const summaries = await worker.app.get(WebhookDeliveries).summaries([queued.id, lost.id]);
        return [...summaries.values()].every((s) => s.status === 'delivered');
      }, 15_000);
      const events = receiver.at(endpoint.path).map((r) => JSON.parse(r.body).executionId);
      expect(events.sort()).toEqual([queued.id, lost.id].sort());
      for (const r of receiver.at(endpoint.path))
        expect(verifySignature(endpoint.secret, r.body, String(r.headers['x-flowgate-signature']))).toBe(
          true,
        );
    } finally {
      await worker.close();
    }
  });
});

/**
 * An async run made with a keyed webhook is delivered when it ends: the executions module records the event in its
 * settlement transaction and fills `webhookDelivery` and GET /api/executions/:id/webhook-deliveries from here.
 */
describe('webhook deliveries of real async runs', () => {
  let t: TestApp;
  const receiver = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp(RETRY_ENV);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('delivers execution.completed to the key webhook and shows it on the execution', async () => {
    const { session, endpoint } = await keyWithWebhook(t, receiver, [500]);
    const slug = await createWorkflow(session, templateWorkflow());
    const run = await session.http
      .post(`/api/workflows/${slug}/run?async=true`)
      .send({ inputs: { prompt: 'webhooks' } })
      .expect(202);
    expect(run.body.webhookDelivery).toEqual({ configured: true, url: endpoint.url });
    const executionId: string = run.body.executionId;

    const event = await waitFor(() =>
      [...receiver.processed.values()].find((body) => body.executionId === executionId),
    );
    expect(event).toMatchObject({
      event: 'execution.completed',
      executionId,
      requestId: run.body.requestId,
      userId: session.accountId,
      workflowSlug: slug,
      status: 'completed',
      cost: 0,
    });
    const view = await waitFor(async () => {
      const res = await session.http.get(`/api/executions/${executionId}`).expect(200);
      return res.body.webhookDelivery.status === 'delivered' && res.body;
    });
    expect(view.webhookDelivery).toEqual({
      configured: true,
      url: endpoint.url,
      status: 'delivered',
      attempts: 2,
    });
    const log = await session.http.get(`/api/executions/${executionId}/webhook-deliveries`).expect(200);
    expect(log.body.nextCursor).toBeNull();
    expect(log.body.data.map((row: any) => [row.attempt, row.statusCode])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(Object.keys(log.body.data[0]).sort()).toEqual(LOG_ROW_KEYS);
  });
});
