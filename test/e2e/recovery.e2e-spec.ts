import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  buildServer,
  Instance,
  provisionAccount,
  startInstance,
  stopInstance,
  waitUntilReady,
} from '../support/server-process';
import { freePort, randomKey, USE_SERVICES } from '../support/test-env';
import { sandboxWorkflow } from '../support/run-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

/**
 * The embedded default is one process: when it is killed mid-run, the next start picks up every open execution
 * from the database. An async run resumes from its stored progress (its provider submission is polled, not made
 * again) and completes; a sync run, whose caller's connection died with the process, fails WORKER_LOST and its
 * reservation is refunded, so no credit is lost either way.
 */
(USE_SERVICES ? describe.skip : describe)('recovery after a crash (embedded default)', () => {
  let server: Instance | undefined;
  let restarted: TestApp | undefined;
  afterAll(async () => {
    await stopInstance(server);
    await restarted?.close();
  });

  it('resumes the async run from its stored progress and fails the sync run WORKER_LOST, refunded', async () => {
    buildServer();
    const env = {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'flowgate-crash-')),
      BOOTSTRAP_ADMIN_KEY: randomKey(),
      DEMO_SEED: 'false',
      LOG_LEVEL: 'error',
    };
    server = startInstance('crashing', await freePort(), env);
    await waitUntilReady(server, env.BOOTSTRAP_ADMIN_KEY);
    const { accountId, key } = await provisionAccount(server, env.BOOTSTRAP_ADMIN_KEY, {
      email: 'crash@example.com',
      tier: 'pro',
      credits: 20,
      capabilities: ['workflow:*', 'execution:read'],
    });
    const user = (method: 'post' | 'get', path: string) =>
      request(server!.baseUrl)[method](path).set('x-api-key', key);
    await user('post', '/api/workflows').send(slowWorkflow('slow-sync', 600_000)).expect(201);
    await user('post', '/api/workflows').send(slowWorkflow('slow-async', 4_000)).expect(201);

    const accepted = await user('post', '/api/workflows/slow-async/run?async=true')
      .send({ inputs: { prompt: 'x' } })
      .expect(202);
    const asyncId: string = accepted.body.executionId;
    // A sync run in flight: its caller waits on a connection that the crash will cut.
    const syncCall = user('post', '/api/workflows/slow-sync/run')
      .send({ inputs: { prompt: 'y' } })
      .then(
        () => undefined,
        () => undefined,
      );
    const submitted = await waitFor('the async run at its provider', async () => {
      const body = (await user('get', `/api/executions/${asyncId}`).expect(200)).body;
      const step = body.steps.find((s: { nodeId: string }) => s.nodeId === 'gen');
      return step?.status === 'running' && step.providerRequestId ? step.providerRequestId : undefined;
    });
    const open = await waitFor('the sync run recorded', async () => {
      const page = (await user('get', '/api/executions?workflowSlug=slow-sync').expect(200)).body;
      return page.data[0]?.executionId as string | undefined;
    });
    expect((await user('get', '/api/whoami').expect(200)).body.credits.balance).toBe(20 - 4 - 4);

    server.process.kill('SIGKILL');
    await new Promise((resolve) => server!.process.once('exit', resolve));
    await syncCall;

    restarted = await startTestApp(env);
    const api = restarted.api(key);
    const lost = (await api.get(`/api/executions/${open}`).expect(200)).body;
    expect(lost.status).toBe('failed');
    expect(lost.error).toMatchObject({ code: 'WORKER_LOST' });
    expect(lost.billing).toEqual({ reserved: 4, charged: 0, refunded: 4 });

    const resumed = await waitFor('the async run resumed to its end', async () => {
      const body = (await api.get(`/api/executions/${asyncId}`).expect(200)).body;
      return body.status === 'processing' ? undefined : body;
    });
    expect(resumed.status).toBe('completed');
    expect(resumed.billing).toEqual({ reserved: 4, charged: 4, refunded: 0 });
    const step = resumed.steps.find((s: { nodeId: string }) => s.nodeId === 'gen');
    expect(step).toMatchObject({ status: 'completed', providerRequestId: submitted, cost: 4 });
    const png = await request(resumed.result.images[0].replace(/^https?:\/\/[^/]+/, restarted.baseUrl))
      .get('')
      .buffer(true)
      .expect(200);
    expect(png.body.subarray(1, 4).toString()).toBe('PNG');

    expect((await api.get('/api/whoami').expect(200)).body.credits.balance).toBe(20 - 4);
    const ledger = await restarted
      .api(restarted.adminKey)
      .get(`/api/admin/accounts/${accountId}/ledger`)
      .expect(200);
    const rows = ledger.body.data.map((row: { type: string; amount: number }) => [row.type, row.amount]);
    expect(rows.sort()).toEqual(
      [
        ['refund', 4],
        ['reserve', -4],
        ['reserve', -4],
        ['topup', 20],
      ].sort(),
    );
  });
});

/** prompt → sandbox image (64×64) taking `latencyMs` → image output; the model node is `gen`. */
function slowWorkflow(slug: string, latencyMs: number) {
  return sandboxWorkflow('sandbox-image', { latencyMs, width: 64, height: 64 }, 'image', slug);
}
