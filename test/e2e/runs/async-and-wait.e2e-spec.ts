import { createWorkflow, sandboxWorkflow } from '../../support/run-helpers';
import { Session, startTestApp, TestApp } from '../../support/test-app';

async function pollUntilDone(s: Session, executionId: string, timeoutMs = 15_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await s.http.get(`/api/executions/${executionId}`).expect(200);
    if (res.body.status !== 'processing') return res.body;
    if (Date.now() > deadline) throw new Error(`execution ${executionId} still processing`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** API.md §7: `?async=true` answers 202 before any provider work; a sync run past `Prefer: wait` answers 202 too. */
describe('async runs and Prefer: wait', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await startTestApp();
    s = await t.createSession({ tier: 'pro', credits: 100 });
    await createWorkflow(
      s,
      sandboxWorkflow('sandbox-image', { latencyMs: 1500, width: 64, height: 64 }, 'image', 'slow-image'),
    );
    await createWorkflow(s, sandboxWorkflow('sandbox-text', {}, 'text', 'quick-text'));
  });
  afterAll(() => t.close());

  it('?async=true answers 202 at once with the documented body and Location, then completes', async () => {
    const started = Date.now();
    const res = await s.http
      .post('/api/workflows/slow-image/run?async=true')
      .send({ inputs: { prompt: 'x' } })
      .expect(202);
    expect(Date.now() - started).toBeLessThan(500);
    expect(res.body).toEqual({
      _async: true,
      executionId: expect.any(String),
      requestId: res.headers['x-request-id'],
      status: 'processing',
      webhookDelivery: { configured: false },
      pollUrl: `/api/executions/${res.body.executionId}`,
    });
    expect(res.headers.location).toBe(res.body.pollUrl);
    const processing = await s.http.get(res.body.pollUrl).expect(200);
    expect(processing.body).toMatchObject({
      status: 'processing',
      mode: 'async',
      billing: { reserved: 4, charged: 0, refunded: 0 },
    });

    const done = await pollUntilDone(s, res.body.executionId);
    expect(done).toMatchObject({
      status: 'completed',
      mode: 'async',
      cost: 4,
      result: { images: [expect.any(String)] },
    });
    expect(done.steps.find((step: any) => step.nodeId === 'gen')).toMatchObject({
      status: 'completed',
      providerRequestId: expect.stringMatching(/^sbx_/),
    });
  });

  it('refuses ?async=true where a provider cannot be polled (400 ASYNC_NOT_SUPPORTED), reserving nothing', async () => {
    const before = (await s.http.get('/api/whoami').expect(200)).body.credits.balance;
    const res = await s.http
      .post('/api/workflows/quick-text/run?async=true')
      .send({ inputs: { prompt: 'x' } })
      .expect(400);
    expect(res.body.code).toBe('ASYNC_NOT_SUPPORTED');
    expect((await s.http.get('/api/whoami').expect(200)).body.credits.balance).toBe(before);
  });

  it('a sync run past Prefer: wait answers 202 and goes on as a sync execution', async () => {
    const res = await s.http
      .post('/api/workflows/slow-image/run')
      .set('Prefer', 'wait=0')
      .send({ inputs: { prompt: 'y' } })
      .expect(202);
    expect(res.body).toMatchObject({
      _async: true,
      status: 'processing',
      pollUrl: `/api/executions/${res.body.executionId}`,
    });
    expect(res.headers.location).toBe(res.body.pollUrl);
    const done = await pollUntilDone(s, res.body.executionId);
    expect(done).toMatchObject({ status: 'completed', mode: 'sync', cost: 4 });
  });

  it('a sync run within Prefer: wait answers 200', async () => {
    const res = await s.http
      .post('/api/workflows/slow-image/run')
      .set('Prefer', 'wait=10')
      .send({ inputs: { prompt: 'z' } })
      .expect(200);
    expect(res.body).toMatchObject({ success: true, cost: 4 });
    expect(res.body.ms).toBeGreaterThanOrEqual(1500);
  });

  it('refuses an async flag that is neither true nor false', async () => {
    const res = await s.http
      .post('/api/workflows/slow-image/run?async=yes')
      .send({ inputs: { prompt: 'z' } })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_BODY', details: [{ path: 'async' }] });
  });
});
