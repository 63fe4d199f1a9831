import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  buildServer,
  Instance,
  startInstance,
  stopInstance,
  waitUntilReady,
} from '../support/server-process';
import { freePort, randomKey, USE_SERVICES } from '../support/test-env';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const SLOW_WORKFLOW = {
  slug: 'slow-image',
  name: 'Slow image',
  nodes: [
    {
      id: 'input',
      type: 'request-input',
      data: { fields: [{ name: 'prompt', type: 'text', required: true }] },
    },
    {
      id: 'image',
      type: 'model',
      data: { model: 'sandbox-image', params: { latencyMs: 600000, width: 64, height: 64 } },
    },
    { id: 'output', type: 'response-output', data: { type: 'image', name: 'image' } },
  ],
  edges: [
    { id: 'e1', source: 'input', sourceHandle: 'prompt', target: 'image', targetHandle: 'prompt' },
    { id: 'e2', source: 'image', sourceHandle: 'out', target: 'output', targetHandle: 'value' },
  ],
};

/**
 * The embedded default is one process: when it is killed mid-run, the next start fails the orphaned execution with
 * WORKER_LOST and refunds its reservation, so no credit is lost. (With PostgreSQL other instances may still be
 * running theirs, so only deadlines are swept there; this suite is about the embedded default.)
 */
(USE_SERVICES ? describe.skip : describe)('recovery after a crash (embedded default)', () => {
  let server: Instance | undefined;
  let restarted: TestApp | undefined;
  afterAll(async () => {
    await stopInstance(server);
    await restarted?.close();
  });

  it('fails the orphaned execution with WORKER_LOST and refunds the reservation', async () => {
    buildServer();
    const env = {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'flowgate-crash-')),
      BOOTSTRAP_ADMIN_KEY: randomKey(),
      DEMO_SEED: 'false',
      LOG_LEVEL: 'error',
    };
    server = startInstance('crashing', await freePort(), env);
    await waitUntilReady(server, env.BOOTSTRAP_ADMIN_KEY);
    const admin = (method: 'post' | 'get', path: string) =>
      request(server!.baseUrl)[method](path).set('x-api-key', env.BOOTSTRAP_ADMIN_KEY);
    const account = await admin('post', '/api/admin/accounts')
      .send({ email: 'crash@example.com', tier: 'pro', approved: true })
      .expect(201);
    await admin('post', `/api/admin/accounts/${account.body.id}/credits`)
      .send({ amount: 20, reason: 'test' })
      .expect(201);
    const key = await admin('post', `/api/admin/accounts/${account.body.id}/api-keys`)
      .send({ name: 'k', preset: 'full-deploy' })
      .expect(201);
    const user = (method: 'post' | 'get', path: string) =>
      request(server!.baseUrl)[method](path).set('x-api-key', key.body.key);
    await user('post', '/api/workflows').send(SLOW_WORKFLOW).expect(201);
    const accepted = await user('post', '/api/workflows/slow-image/run?async=true')
      .send({ inputs: { prompt: 'x' } })
      .expect(202);
    expect((await user('get', '/api/whoami').expect(200)).body.credits.balance).toBe(16);

    server.process.kill('SIGKILL');
    await new Promise((resolve) => server!.process.once('exit', resolve));

    restarted = await startTestApp(env);
    const execution = await restarted
      .api(key.body.key)
      .get(`/api/executions/${accepted.body.executionId}`)
      .expect(200);
    expect(execution.body.status).toBe('failed');
    expect(execution.body.error).toMatchObject({ code: 'WORKER_LOST' });
    expect(execution.body.billing).toEqual({ reserved: 4, charged: 0, refunded: 4 });
    expect((await restarted.api(key.body.key).get('/api/whoami').expect(200)).body.credits.balance).toBe(
      16 + 4,
    );
    const ledger = await restarted
      .api(restarted.adminKey)
      .get(`/api/admin/accounts/${account.body.id}/ledger`)
      .expect(200);
    expect(ledger.body.data.map((row: { type: string; amount: number }) => [row.type, row.amount])).toEqual([
      ['refund', 4],
      ['reserve', -4],
      ['topup', 20],
    ]);
  });
});
