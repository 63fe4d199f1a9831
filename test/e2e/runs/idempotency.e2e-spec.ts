/** Idempotency-Key on run routes (API.md §7): replay, in progress, reuse, key length, which answers hold the key. */
import { sleep } from '../../support/rate-limit-window';
import { balanceOf, createWorkflow, ledgerOf, sandboxWorkflow, topUp } from '../../support/run-helpers';
import { Session, startTestApp, TestApp } from '../../support/test-app';

const IMAGE = { num_images: 1, width: 64, height: 64 };

describe('idempotency', () => {
  let t: TestApp;
  let s: Session;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PRO: '100000', RATE_LIMIT_BUSINESS: '100000' });
    s = await t.createSession({ tier: 'pro', credits: 100 });
    await createWorkflow(s, sandboxWorkflow('sandbox-image', IMAGE, 'image', 'idem-image'));
    await createWorkflow(
      s,
      sandboxWorkflow('sandbox-image', { ...IMAGE, latencyMs: 1500 }, 'image', 'idem-slow'),
    );
    await createWorkflow(
      s,
      sandboxWorkflow('sandbox-image', { ...IMAGE, fail: 'provider said no' }, 'image', 'idem-fail'),
    );
  });
  afterAll(() => t.close());

  async function executionsWithKey(session: Session, key: string) {
    const res = await session.http
      .get(`/api/executions?idempotencyKey=${encodeURIComponent(key)}&limit=100`)
      .expect(200);
    return res.body.data as Array<{ executionId: string; status: string }>;
  }

  it('the same key and request replays the first answer and charges nothing new', async () => {
    const key = 'replay-1';
    const first = await s.http
      .post('/api/workflows/idem-image/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'cat' } });
    expect(first.status).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.body.cost).toBe(4);
    const balance = await balanceOf(t, s.accountId);
    const ledger = await ledgerOf(t, s.accountId);

    for (let i = 0; i < 2; i++) {
      const again = await s.http
        .post('/api/workflows/idem-image/run')
        .set('Idempotency-Key', key)
        .send({ inputs: { prompt: 'cat' } });
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    }
    expect(await balanceOf(t, s.accountId)).toBe(balance);
    expect(await ledgerOf(t, s.accountId)).toEqual(ledger);
    const executions = await executionsWithKey(s, key);
    expect(executions.map((e) => e.executionId)).toEqual([first.body.executionId]);
  });

  it('the same JSON written with other whitespace is the same request', async () => {
    const key = 'replay-order';
    const first = await s.http
      .post('/api/workflows/idem-image/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'dog' } })
      .expect(200);
    const again = await s.http
      .post('/api/workflows/idem-image/run')
      .set('Idempotency-Key', key)
      .set('Content-Type', 'application/json')
      .send('{ "inputs" : {"prompt":"dog"} }');
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('409 IDEMPOTENCY_IN_PROGRESS while the first still runs, then the replay', async () => {
    const key = 'slow-1';
    const started = Date.now();
    const firstPromise = s.http
      .post('/api/workflows/idem-slow/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'slow' } })
      .then((res) => res);
    await sleep(400);
    const during = await s.http
      .post('/api/workflows/idem-slow/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'slow' } });
    expect(Date.now() - started).toBeLessThan(1500); // really sent while the first was in flight
    expect(during.status).toBe(409);
    expect(during.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(during.headers['idempotent-replayed']).toBeUndefined();

    const first = await firstPromise;
    expect(first.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    const after = await s.http
      .post('/api/workflows/idem-slow/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'slow' } });
    expect(after.status).toBe(200);
    expect(after.headers['idempotent-replayed']).toBe('true');
    expect(after.body).toEqual(first.body);
    expect(await executionsWithKey(s, key)).toHaveLength(1);
  });

  it('an async run replays its 202 while open, then the terminal answer once it has ended', async () => {
    const key = 'async-terminal';
    const send = () =>
      s.http
        .post('/api/workflows/idem-slow/run?async=true')
        .set('Idempotency-Key', key)
        .send({ inputs: { prompt: 'x' } });
    const first = await send().expect(202);
    const open = await send().expect(202);
    expect(open.headers['idempotent-replayed']).toBe('true');
    expect(open.body).toEqual(first.body);
    const until = Date.now() + 15_000;
    while ((await s.http.get(first.body.pollUrl).expect(200)).body.status === 'processing') {
      if (Date.now() > until) throw new Error('the async run never ended');
      await sleep(100);
    }
    const ended = await send().expect(200);
    expect(ended.headers['idempotent-replayed']).toBe('true');
    expect(ended.body).toMatchObject({ success: true, executionId: first.body.executionId, cost: 4 });
    expect(await executionsWithKey(s, key)).toHaveLength(1);
  });

  it('422 IDEMPOTENCY_KEY_REUSED with a different body, path or query', async () => {
    const key = 'reused-1';
    const first = await s.http
      .post('/api/workflows/idem-image/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'one' } })
      .expect(200);
    const balance = await balanceOf(t, s.accountId);
    const otherBody = await s.http
      .post('/api/workflows/idem-image/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'two' } });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherPath = await s.http
      .post('/api/workflows/idem-slow/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'one' } });
    expect(otherPath.status).toBe(422);
    expect(otherPath.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherQuery = await s.http
      .post('/api/workflows/idem-image/run?async=true')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'one' } });
    expect(otherQuery.status).toBe(422);
    expect(await balanceOf(t, s.accountId)).toBe(balance);
    expect((await executionsWithKey(s, key)).map((e) => e.executionId)).toEqual([first.body.executionId]);
  });

  it('keys are per account', async () => {
    const other = await t.createSession({ tier: 'pro', credits: 10 });
    await createWorkflow(other, sandboxWorkflow('sandbox-image', IMAGE, 'image', 'other-image'));
    const key = 'shared-key';
    await s.http
      .post('/api/workflows/idem-image/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'mine' } })
      .expect(200);
    const theirs = await other.http
      .post('/api/workflows/other-image/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'theirs' } });
    expect(theirs.status).toBe(200);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(await balanceOf(t, other.accountId)).toBe(6);
  });

  it('a key of 255 characters is accepted; 256 is 400 INVALID_BODY and runs nothing', async () => {
    const ok = await s.http
      .post('/api/workflows/idem-image/run')
      .set('Idempotency-Key', 'k'.repeat(255))
      .send({ inputs: { prompt: 'long' } });
    expect(ok.status).toBe(200);
    const balance = await balanceOf(t, s.accountId);
    const tooLong = 'k'.repeat(256);
    const res = await s.http
      .post('/api/workflows/idem-image/run')
      .set('Idempotency-Key', tooLong)
      .send({ inputs: { prompt: 'long' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_BODY');
    expect(await balanceOf(t, s.accountId)).toBe(balance);
  });

  it('a 402 does not hold the key: top up, retry with the same key, 200', async () => {
    const poor = await t.createSession({ tier: 'pro', credits: 3 });
    await createWorkflow(poor, sandboxWorkflow('sandbox-image', IMAGE, 'image', 'poor-image'));
    const key = 'after-topup';
    const refused = await poor.http
      .post('/api/workflows/poor-image/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'x' } });
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({ code: 'INSUFFICIENT_CREDITS', required: 4, balance: 3 });
    // Still refused (not replayed): the key was released, the check runs again.
    const refusedAgain = await poor.http
      .post('/api/workflows/poor-image/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'x' } });
    expect(refusedAgain.status).toBe(402);
    expect(refusedAgain.headers['idempotent-replayed']).toBeUndefined();

    await topUp(t, poor.accountId, 1);
    const paid = await poor.http
      .post('/api/workflows/poor-image/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'x' } });
    expect(paid.status).toBe(200);
    expect(paid.headers['idempotent-replayed']).toBeUndefined();
    expect(paid.body.cost).toBe(4);
    expect(await balanceOf(t, poor.accountId)).toBe(0);
    const replay = await poor.http
      .post('/api/workflows/poor-image/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'x' } });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(paid.body);
    expect(await executionsWithKey(poor, key)).toHaveLength(1);
  });

  it('a 400 INVALID_INPUTS does not hold the key either', async () => {
    const key = 'after-400';
    await s.http
      .post('/api/workflows/idem-image/run')
      .set('Idempotency-Key', key)
      .send({ inputs: {} })
      .expect(400);
    const ok = await s.http
      .post('/api/workflows/idem-image/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'fixed' } });
    expect(ok.status).toBe(200);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a failed run (EXECUTION_FAILED) is replayed as the same 500', async () => {
    const key = 'failed-1';
    const balance = await balanceOf(t, s.accountId);
    const first = await s.http
      .post('/api/workflows/idem-fail/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'x' } });
    expect(first.status).toBe(500);
    expect(first.body).toMatchObject({
      code: 'EXECUTION_FAILED',
      nodeId: 'gen',
      executionId: expect.any(String),
    });
    const ledgerAfterFirst = await ledgerOf(t, s.accountId);

    const again = await s.http
      .post('/api/workflows/idem-fail/run')
      .set('Idempotency-Key', key)
      .send({ inputs: { prompt: 'x' } });
    expect(again.status).toBe(500);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);

    expect(await balanceOf(t, s.accountId)).toBe(balance);
    expect(await ledgerOf(t, s.accountId)).toEqual(ledgerAfterFirst);
    const executions = await executionsWithKey(s, key);
    expect(executions.map((e) => [e.executionId, e.status])).toEqual([[first.body.executionId, 'failed']]);
  });

  it('direct model runs honour the key too, whatever the JSON key order', async () => {
    const b = await t.createSession({
      tier: 'business',
      credits: 10,
      capabilities: ['model:run', 'execution:read'],
    });
    const send = (raw: string) =>
      b.http
        .post('/api/models/sandbox-text/run')
        .set('Idempotency-Key', 'model-1')
        .set('Content-Type', 'application/json')
        .send(raw);
    const first = await send('{"inputs":{"prompt":"hello","system":"be brief"},"params":{"latencyMs":0}}');
    expect(first.status).toBe(200);
    expect(first.body.cost).toBe(1);
    // The same request with its keys in another order.
    const again = await send('{"params":{"latencyMs":0},"inputs":{"system":"be brief","prompt":"hello"}}');
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await balanceOf(t, b.accountId)).toBe(9);
  });
});
