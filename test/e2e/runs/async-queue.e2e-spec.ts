import sharp from 'sharp';
import { balanceOf, createWorkflow, fetchMedia, ledgerOf, sandboxWorkflow } from '../../support/run-helpers';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { waitFor } from '../../support/wait';
import { edge } from '../../support/workflow-fixtures';

/** Polls the execution until `done` says so (bounded). */
function pollExecution(
  s: Session,
  id: string,
  done: (body: any) => boolean,
  timeoutMs = 20_000,
): Promise<any> {
  return waitFor(
    `execution ${id}`,
    async () => {
      const res = await s.http.get(`/api/executions/${id}`).expect(200);
      return done(res.body) ? res.body : undefined;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

/** A fast image, then a slow one fed by the first: the first finishes, the second is still at its provider. */
function twoStepWorkflow(slug: string, slowMs: number) {
  return {
    slug,
    name: slug,
    nodes: [
      {
        id: 'input',
        type: 'request-input',
        data: { fields: [{ name: 'prompt', type: 'text', required: true }] },
      },
      { id: 'first', type: 'model', data: { model: 'sandbox-image', params: { width: 64, height: 64 } } },
      { id: 'caption', type: 'template', data: { template: 'after {{image}}' } },
      {
        id: 'second',
        type: 'model',
        data: { model: 'sandbox-image', params: { latencyMs: slowMs, width: 64, height: 64 } },
      },
      { id: 'output', type: 'response-output', data: { type: 'image', name: 'image' } },
    ],
    edges: [
      edge('e1', 'input.prompt', 'first.prompt'),
      edge('e2', 'first.out', 'caption.image'),
      edge('e3', 'caption.text', 'second.prompt'),
      edge('e4', 'second.out', 'output.value'),
    ],
  };
}

/**
 * API.md §7-8 on the execution queue (in-process on the embedded default, Bull workers under test:services):
 * 202 before any provider work, steps visible while the run goes, a real result at the end; cancel.
 */
describe('async runs on the execution queue, and cancel', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await startTestApp();
    s = await t.createSession({ tier: 'pro', credits: 100, capabilities: ['workflow:*', 'execution:*'] });
    await createWorkflow(
      s,
      sandboxWorkflow('sandbox-image', { latencyMs: 3000, width: 96, height: 64 }, 'image', 'three-seconds'),
    );
    await createWorkflow(s, twoStepWorkflow('two-step', 10_000));
  });
  afterAll(() => t.close());

  it('answers 202 within 500 ms, shows the model step running, then completes with a real PNG', async () => {
    const started = Date.now();
    const accepted = await s.http
      .post('/api/workflows/three-seconds/run?async=true')
      .send({ inputs: { prompt: 'a lighthouse' } })
      .expect(202);
    const answeredMs = Date.now() - started;
    expect(answeredMs).toBeLessThan(500);
    const id: string = accepted.body.executionId;

    const running = await pollExecution(s, id, (body) =>
      body.steps.some(
        (step: any) => step.nodeId === 'gen' && step.status === 'running' && step.providerRequestId,
      ),
    );
    expect(running.status).toBe('processing');
    expect(running.steps.find((step: any) => step.nodeId === 'input').status).toBe('completed');

    const done = await pollExecution(s, id, (body) => body.status !== 'processing');
    expect(done).toMatchObject({ status: 'completed', mode: 'async', cost: 4 });
    const gen = done.steps.find((step: any) => step.nodeId === 'gen');
    expect(gen.providerRequestId).toBe(
      running.steps.find((step: any) => step.nodeId === 'gen').providerRequestId,
    );
    expect(gen.durationMs).toBeGreaterThanOrEqual(3000);
    const media = await fetchMedia(t, done.result.images[0]);
    expect(media.status).toBe(200);
    const meta = await sharp(media.body).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 96, height: 64 });
  });

  it('cancels a run in flight: cancel_requested at once, cancelled within 2 s, only the finished node charged', async () => {
    const before = await balanceOf(t, s.accountId);
    const accepted = await s.http
      .post('/api/workflows/two-step/run?async=true')
      .send({ inputs: { prompt: 'x' } })
      .expect(202);
    const id: string = accepted.body.executionId;
    await pollExecution(s, id, (body) =>
      body.steps.some((step: any) => step.nodeId === 'second' && step.status === 'running'),
    );
    expect(await balanceOf(t, s.accountId)).toBe(before - 8);

    const cancelledAt = Date.now();
    const cancel = await s.http.post(`/api/executions/${id}/cancel`).expect(202);
    expect(cancel.body).toMatchObject({ executionId: id, status: expect.stringMatching(/^cancel/) });
    const ended = await pollExecution(s, id, (body) => body.status === 'cancelled', 2000);
    console.log(`cancel → cancelled in ${Date.now() - cancelledAt} ms`);
    expect(ended.billing).toEqual({ reserved: 8, charged: 4, refunded: 4 });
    expect(ended.steps.find((step: any) => step.nodeId === 'first')).toMatchObject({
      status: 'completed',
      cost: 4,
    });
    expect(ended.steps.find((step: any) => step.nodeId === 'second')).toMatchObject({
      status: 'cancelled',
      cost: 0,
    });
    expect(await balanceOf(t, s.accountId)).toBe(before - 4);

    // Cancelling again answers the execution as it is; a completed one cannot be cancelled.
    const again = await s.http.post(`/api/executions/${id}/cancel`).expect(200);
    expect(again.body.status).toBe('cancelled');
    const rows = (await ledgerOf(t, s.accountId)).filter((row) => row.executionId === id);
    expect(rows.map((row) => [row.type, row.amount]).sort()).toEqual([
      ['refund', 4],
      ['reserve', -8],
    ]);
  });

  it('cancels a sync run that went on past Prefer: wait', async () => {
    const accepted = await s.http
      .post('/api/workflows/two-step/run')
      .set('Prefer', 'wait=1')
      .send({ inputs: { prompt: 'y' } })
      .expect(202);
    const id: string = accepted.body.executionId;
    await s.http.post(`/api/executions/${id}/cancel`).expect(202);
    const ended = await pollExecution(s, id, (body) => body.status === 'cancelled', 2000);
    expect(ended).toMatchObject({ mode: 'sync', billing: { reserved: 8, charged: 4, refunded: 4 } });
  });

  it('answers 409 EXECUTION_NOT_CANCELLABLE for a completed execution and 404 for another account', async () => {
    const done = await s.http
      .post('/api/workflows/three-seconds/run')
      .send({ inputs: { prompt: 'z' } })
      .expect(200);
    const res = await s.http.post(`/api/executions/${done.body.executionId}/cancel`).expect(409);
    expect(res.body).toMatchObject({ code: 'EXECUTION_NOT_CANCELLABLE', executionId: done.body.executionId });
    const other = await t.createSession({ tier: 'pro', capabilities: ['execution:cancel'] });
    const hidden = await other.http.post(`/api/executions/${done.body.executionId}/cancel`).expect(404);
    expect(hidden.body.code).toBe('EXECUTION_NOT_FOUND');
  });

  it('needs execution:cancel', async () => {
    const reader = await t.createSession({ tier: 'pro', capabilities: ['execution:read'] });
    const res = await reader.http
      .post('/api/executions/00000000-0000-4000-8000-000000000000/cancel')
      .expect(403);
    expect(res.body).toMatchObject({ code: 'CAPABILITY_DENIED', required: 'execution:cancel' });
  });
});
