/**
 * Credits, grants and tier gates on the run path (API.md §7, §8, §12): exact reservations under concurrency,
 * trial grants, multipliers, failed runs charged nothing, estimates, and direct model runs.
 */
import { balanceOf, createWorkflow, ledgerOf, sandboxWorkflow } from '../../support/run-helpers';
import { Session, startTestApp, TestApp } from '../../support/test-app';

/** 4 credits at pro (1 image × 4 × 1.0), small and fast to draw. */
const IMAGE_PARAMS = { num_images: 1, width: 64, height: 64 };
/** 1 second at 64×64, the cheapest video the sandbox makes. */
const SHORT_VIDEO = { duration: 1, width: 64, height: 64, fps: 1 };

describe('run billing', () => {
  let t: TestApp;
  const accounts: string[] = [];

  async function session(options: Parameters<TestApp['createSession']>[0]): Promise<Session> {
    const s = await t.createSession(options);
    accounts.push(s.accountId);
    return s;
  }

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PRO: '100000', RATE_LIMIT_BUSINESS: '100000' });
  });
  afterAll(() => t.close());

  describe('200 concurrent runs against a balance that covers exactly 50', () => {
    let s: Session;
    let answers: Array<{ status: number; body: Record<string, unknown> }>;

    beforeAll(async () => {
      s = await session({ tier: 'pro', credits: 200 });
      await createWorkflow(s, sandboxWorkflow('sandbox-image', IMAGE_PARAMS, 'image', 'race-image'));
      const estimate = await s.http
        .post('/api/workflows/race-image/estimate')
        .send({ inputs: { prompt: 'x' } })
        .expect(200);
      expect(estimate.body.estimatedCreditCost).toBe(4);
      answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          s.http
            .post('/api/workflows/race-image/run')
            .send({ inputs: { prompt: `race ${i}` } })
            .then((res) => ({ status: res.status, body: res.body })),
        ),
      );
    }, 120_000);

    it('exactly 50 answer 200 (cost 4) and 150 answer 402 INSUFFICIENT_CREDITS', () => {
      const ok = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 402);
      expect(ok).toHaveLength(50);
      expect(refused).toHaveLength(150);
      for (const a of ok)
        expect(a.body).toMatchObject({ success: true, cost: 4, result: { images: [expect.any(String)] } });
      for (const a of refused) {
        expect(a.body).toMatchObject({ code: 'INSUFFICIENT_CREDITS', required: 4, balance: 0 });
        expect(typeof a.body.error).toBe('string');
        expect(typeof a.body.requestId).toBe('string');
      }
      expect(new Set(ok.map((a) => a.body.executionId)).size).toBe(50);
    });

    it('the balance ends at 0 and equals the sum of the ledger', async () => {
      expect(await balanceOf(t, s.accountId)).toBe(0);
      const ledger = await ledgerOf(t, s.accountId);
      expect(ledger.reduce((sum, row) => sum + row.amount, 0)).toBe(0);
      expect(ledger).toHaveLength(51);
      expect(ledger.filter((row) => row.type === 'topup').map((row) => row.amount)).toEqual([200]);
      const reserves = ledger.filter((row) => row.type === 'reserve');
      expect(reserves).toHaveLength(50);
      for (const row of reserves) expect(row.amount).toBe(-4);
      expect(ledger.filter((row) => row.type === 'refund')).toEqual([]);
      expect(new Set(reserves.map((row) => row.executionId)).size).toBe(50);
      // Each reservation saw a balance of its own, from 196 down to 0: none went below zero, none spent the same
      // credits twice. (Rows written within one millisecond have no order between them, so this reads them as a set.)
      const after = reserves.map((row) => row.balanceAfter).sort((a, b) => b - a);
      expect(after).toEqual(Array.from({ length: 50 }, (_, i) => 196 - 4 * i));
    });

    it('exactly 50 executions exist, all completed', async () => {
      const res = await s.http.get('/api/executions?limit=100').expect(200);
      expect(res.body.data).toHaveLength(50);
      expect(res.body.nextCursor).toBeNull();
      for (const e of res.body.data)
        expect(e).toMatchObject({
          status: 'completed',
          cost: 4,
          billing: { reserved: 4, charged: 4, refunded: 0 },
        });
    });
  });

  describe('trial grants and tier gates', () => {
    it('a pro account runs sandbox-video three times on its grant, then 402 grant_exhausted', async () => {
      const s = await session({ tier: 'pro', credits: 30 });
      await createWorkflow(s, sandboxWorkflow('sandbox-video', SHORT_VIDEO, 'video', 'pro-video'));
      for (let i = 0; i < 3; i++) {
        const res = await s.http
          .post('/api/workflows/pro-video/run')
          .send({ inputs: { prompt: `clip ${i}` } });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          success: true,
          cost: 0,
          result: { videos: [expect.stringMatching(/\/media\//)] },
        });
        const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
        expect(execution.body.billing).toEqual({ reserved: 0, charged: 0, refunded: 0 });
        expect(execution.body.steps.find((step: { nodeId: string }) => step.nodeId === 'gen')).toMatchObject({
          model: 'sandbox-video',
          grant: true,
          cost: 0,
        });
      }
      const fourth = await s.http.post('/api/workflows/pro-video/run').send({ inputs: { prompt: 'clip 4' } });
      expect(fourth.status).toBe(402);
      expect(fourth.body).toMatchObject({ code: 'grant_exhausted', model: 'sandbox-video' });
      // Grants paid for everything: no ledger row but the top-up, the balance untouched.
      expect(await balanceOf(t, s.accountId)).toBe(30);
      expect((await ledgerOf(t, s.accountId)).map((row) => [row.type, row.amount])).toEqual([['topup', 30]]);
      const list = await s.http.get('/api/executions').expect(200);
      expect(list.body.data).toHaveLength(3);
    });

    it('a failed grant run gives the use back', async () => {
      const s = await session({ tier: 'pro' });
      await createWorkflow(
        s,
        sandboxWorkflow('sandbox-video', { ...SHORT_VIDEO, fail: 'no frames' }, 'video', 'pro-video-fail'),
      );
      await createWorkflow(s, sandboxWorkflow('sandbox-video', SHORT_VIDEO, 'video', 'pro-video-ok'));
      for (let i = 0; i < 4; i++) {
        const res = await s.http.post('/api/workflows/pro-video-fail/run').send({ inputs: { prompt: 'x' } });
        expect(res.status).toBe(500);
      }
      for (let i = 0; i < 3; i++)
        await s.http
          .post('/api/workflows/pro-video-ok/run')
          .send({ inputs: { prompt: 'x' } })
          .expect(200);
      const res = await s.http
        .post('/api/workflows/pro-video-ok/run')
        .send({ inputs: { prompt: 'x' } })
        .expect(402);
      expect(res.body.code).toBe('grant_exhausted');
    });

    it('without trial grants (a second app, TRIAL_GRANTS=[]) a pro account gets 403 MODEL_TIER_REQUIRED, in the run and the estimate', async () => {
      // Started while the main app stays open: each app must authenticate against its own database.
      const bare = await startTestApp({ TRIAL_GRANTS: '[]' });
      try {
        const s = await bare.createSession({ tier: 'pro', credits: 100 });
        await createWorkflow(s, sandboxWorkflow('sandbox-video', SHORT_VIDEO, 'video', 'no-grant-video'));
        const res = await s.http.post('/api/workflows/no-grant-video/run').send({ inputs: { prompt: 'x' } });
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({
          code: 'MODEL_TIER_REQUIRED',
          model: 'sandbox-video',
          requiredTier: 'business',
          tier: 'pro',
        });
        const estimate = await s.http
          .post('/api/workflows/no-grant-video/estimate')
          .send({ inputs: { prompt: 'x' } })
          .expect(200);
        expect(estimate.body.blockers).toEqual([
          {
            code: 'MODEL_TIER_REQUIRED',
            message: expect.any(String),
            model: 'sandbox-video',
            requiredTier: 'business',
            tier: 'pro',
          },
        ]);
        expect(await balanceOf(bare, s.accountId)).toBe(100);
        expect(await ledgerOf(bare, s.accountId)).toHaveLength(1);
        expect((await s.http.get('/api/executions').expect(200)).body.data).toEqual([]);
      } finally {
        await bare.close();
      }
      // The main app still answers its own keys afterwards.
      await t.api(t.adminKey).get('/api/whoami').expect(200);
    });

    it('a business account pays ceil(10 × 5 × 0.9) = 45 for a 5-second video', async () => {
      const s = await session({ tier: 'business', credits: 100 });
      await createWorkflow(
        s,
        sandboxWorkflow(
          'sandbox-video',
          { duration: 5, width: 64, height: 64, fps: 1 },
          'video',
          'biz-video',
        ),
      );
      const res = await s.http
        .post('/api/workflows/biz-video/run')
        .send({ inputs: { prompt: 'five seconds' } });
      expect(res.status).toBe(200);
      expect(res.body.cost).toBe(45);
      expect(res.body.result).toEqual({ videos: [expect.stringMatching(/\/media\//)] });
      expect(await balanceOf(t, s.accountId)).toBe(55);
      const ledger = await ledgerOf(t, s.accountId);
      expect(ledger.map((row) => [row.type, row.amount, row.balanceAfter])).toEqual([
        ['reserve', -45, 55],
        ['topup', 100, 100],
      ]);
      expect(ledger[0].executionId).toBe(res.body.executionId);
      const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
      expect(execution.body.billing).toEqual({ reserved: 45, charged: 45, refunded: 0 });
      expect(execution.body.cost).toBe(45);
    });
  });

  describe('a failed run', () => {
    let s: Session;
    let failed: { status: number; body: Record<string, unknown> };

    beforeAll(async () => {
      s = await session({ tier: 'pro', credits: 20 });
      await createWorkflow(
        s,
        sandboxWorkflow(
          'sandbox-image',
          { ...IMAGE_PARAMS, fail: 'upstream exploded' },
          'image',
          'failing-image',
        ),
      );
      const res = await s.http
        .post('/api/workflows/failing-image/run')
        .send({ inputs: { prompt: 'doomed' } });
      failed = { status: res.status, body: res.body };
    });

    it('answers 500 EXECUTION_FAILED with executionId and nodeId', () => {
      expect(failed.status).toBe(500);
      expect(failed.body).toMatchObject({
        code: 'EXECUTION_FAILED',
        nodeId: 'gen',
        executionId: expect.any(String),
      });
      expect(failed.body.error).toEqual(expect.stringContaining('upstream exploded'));
      expect(typeof failed.body.requestId).toBe('string');
    });

    it('charges nothing: balance unchanged, reserve refunded in full', async () => {
      expect(await balanceOf(t, s.accountId)).toBe(20);
      // Rows written within one millisecond have no order between them: compare them by type.
      const ledger = (await ledgerOf(t, s.accountId)).sort((a, b) => a.type.localeCompare(b.type));
      expect(ledger.map((row) => [row.type, row.amount, row.balanceAfter])).toEqual([
        ['refund', 4, 20],
        ['reserve', -4, 16],
        ['topup', 20, 20],
      ]);
      expect(ledger[0].executionId).toBe(failed.body.executionId);
      expect(ledger[1].executionId).toBe(failed.body.executionId);
    });

    it('records the execution failed with a PROVIDER_ERROR and per-step records', async () => {
      const res = await s.http.get(`/api/executions/${failed.body.executionId}`).expect(200);
      expect(res.body.status).toBe('failed');
      expect(res.body.result).toBeUndefined();
      expect(res.body.error).toEqual({
        code: 'PROVIDER_ERROR',
        message: expect.stringContaining('upstream exploded'),
        nodeId: 'gen',
      });
      expect(res.body.cost).toBe(0);
      expect(res.body.billing).toEqual({ reserved: 4, charged: 0, refunded: 4 });
      const byNode = Object.fromEntries(
        res.body.steps.map((step: { nodeId: string }) => [step.nodeId, step]),
      );
      expect(byNode.input.status).toBe('completed');
      expect(byNode.gen).toMatchObject({ type: 'model', model: 'sandbox-image', status: 'failed', cost: 0 });
      expect(byNode.gen.error).toEqual({
        code: 'PROVIDER_ERROR',
        message: expect.stringContaining('upstream exploded'),
      });
      expect(byNode.gen.startedAt).toEqual(expect.any(String));
      expect(byNode.gen.completedAt).toEqual(expect.any(String));
      expect(byNode.output.status).not.toBe('completed');
      expect(byNode.output.error).toBeUndefined();
    });
  });

  describe('estimate', () => {
    it('prices each model node and reports no blocker when the run could go', async () => {
      const s = await session({ tier: 'business', credits: 100 });
      await createWorkflow(s, sandboxWorkflow('sandbox-video', { duration: 3 }, 'video', 'est-video'));
      const res = await s.http
        .post('/api/workflows/est-video/estimate')
        .send({ inputs: { prompt: 'x' } })
        .expect(200);
      // ceil(10 × 3 × 0.9) = 27
      expect(res.body).toEqual({
        estimatedCreditCost: 27,
        nodes: [{ nodeId: 'gen', model: 'sandbox-video', credits: 27, grant: false }],
        blockers: [],
      });
      expect(await balanceOf(t, s.accountId)).toBe(100);
      expect(await ledgerOf(t, s.accountId)).toHaveLength(1);
      expect((await s.http.get('/api/executions').expect(200)).body.data).toEqual([]);
    });

    it('reports INSUFFICIENT_CREDITS with required and balance, reserving nothing', async () => {
      const s = await session({ tier: 'pro', credits: 3 });
      await createWorkflow(s, sandboxWorkflow('sandbox-image', { num_images: 2 }, 'image', 'est-poor'));
      const res = await s.http
        .post('/api/workflows/est-poor/estimate')
        .send({ inputs: { prompt: 'x' } })
        .expect(200);
      expect(res.body).toEqual({
        estimatedCreditCost: 8,
        nodes: [{ nodeId: 'gen', model: 'sandbox-image', credits: 8, grant: false }],
        blockers: [{ code: 'INSUFFICIENT_CREDITS', message: expect.any(String), required: 8, balance: 3 }],
      });
      expect(await balanceOf(t, s.accountId)).toBe(3);
      expect(await ledgerOf(t, s.accountId)).toHaveLength(1);
    });

    it('reports MODEL_TIER_REQUIRED for a model above the tier with no grant', async () => {
      const s = await session({ tier: 'pro', credits: 100 });
      await createWorkflow(s, sandboxWorkflow('sandbox-image-xl', {}, 'image', 'est-xl'));
      const res = await s.http
        .post('/api/workflows/est-xl/estimate')
        .send({ inputs: { prompt: 'x' } })
        .expect(200);
      expect(res.body.blockers).toEqual([
        {
          code: 'MODEL_TIER_REQUIRED',
          message: expect.any(String),
          model: 'sandbox-image-xl',
          requiredTier: 'enterprise',
          tier: 'pro',
        },
      ]);
      expect(res.body.nodes).toEqual([
        { nodeId: 'gen', model: 'sandbox-image-xl', credits: 8, grant: false },
      ]);
      const run = await s.http
        .post('/api/workflows/est-xl/run')
        .send({ inputs: { prompt: 'x' } })
        .expect(403);
      expect(run.body).toMatchObject({
        code: 'MODEL_TIER_REQUIRED',
        model: 'sandbox-image-xl',
        requiredTier: 'enterprise',
        tier: 'pro',
      });
    });

    it('shows a live grant as grant:true at 0 credits, then grant_exhausted once used up', async () => {
      const s = await session({ tier: 'pro', credits: 5 });
      await createWorkflow(s, sandboxWorkflow('sandbox-video', SHORT_VIDEO, 'video', 'est-grant'));
      const before = await s.http
        .post('/api/workflows/est-grant/estimate')
        .send({ inputs: { prompt: 'x' } })
        .expect(200);
      expect(before.body).toEqual({
        estimatedCreditCost: 0,
        nodes: [{ nodeId: 'gen', model: 'sandbox-video', credits: 0, grant: true }],
        blockers: [],
      });
      for (let i = 0; i < 3; i++)
        await s.http
          .post('/api/workflows/est-grant/run')
          .send({ inputs: { prompt: 'x' } })
          .expect(200);
      const after = await s.http
        .post('/api/workflows/est-grant/estimate')
        .send({ inputs: { prompt: 'x' } })
        .expect(200);
      expect(after.body.blockers).toEqual([
        { code: 'grant_exhausted', message: expect.any(String), model: 'sandbox-video' },
      ]);
      expect(after.body.nodes).toEqual([
        { nodeId: 'gen', model: 'sandbox-video', credits: 10, grant: false },
      ]);
      expect(await balanceOf(t, s.accountId)).toBe(5);
    });

    it('reports ASYNC_NOT_SUPPORTED with ?async=true on a sandbox-text workflow', async () => {
      const s = await session({ tier: 'pro', credits: 10 });
      await createWorkflow(s, sandboxWorkflow('sandbox-text', {}, 'text', 'est-text'));
      const sync = await s.http
        .post('/api/workflows/est-text/estimate')
        .send({ inputs: { prompt: 'x' } })
        .expect(200);
      expect(sync.body).toEqual({
        estimatedCreditCost: 1,
        nodes: [{ nodeId: 'gen', model: 'sandbox-text', credits: 1, grant: false }],
        blockers: [],
      });
      const async = await s.http
        .post('/api/workflows/est-text/estimate?async=true')
        .send({ inputs: { prompt: 'x' } })
        .expect(200);
      expect(async.body.blockers).toEqual([{ code: 'ASYNC_NOT_SUPPORTED', message: expect.any(String) }]);
      expect(async.body.estimatedCreditCost).toBe(1);
      expect(await balanceOf(t, s.accountId)).toBe(10);
    });

    it('validates inputs like a run: 400 INVALID_INPUTS', async () => {
      const s = await session({ tier: 'pro', credits: 10 });
      await createWorkflow(s, sandboxWorkflow('sandbox-text', {}, 'text', 'est-inputs'));
      const res = await s.http
        .post('/api/workflows/est-inputs/estimate')
        .send({ inputs: { prompt: 7 } })
        .expect(400);
      expect(res.body.code).toBe('INVALID_INPUTS');
      expect(res.body.details).toEqual([{ path: 'inputs.prompt', message: expect.any(String) }]);
    });
  });

  describe('direct model runs', () => {
    it('a business key with model:run runs sandbox-image: result {images}', async () => {
      const s = await session({
        tier: 'business',
        credits: 10,
        capabilities: ['model:run', 'execution:read'],
      });
      const res = await s.http
        .post('/api/models/sandbox-image/run')
        .send({ inputs: { prompt: 'direct' }, params: { width: 64, height: 96 } });
      expect(res.status).toBe(200);
      // ceil(4 × 1 × 0.9) = 4
      expect(res.body).toEqual({
        success: true,
        result: { images: [expect.stringMatching(/\/media\//)] },
        cost: 4,
        ms: expect.any(Number),
        executionId: expect.any(String),
      });
      expect(await balanceOf(t, s.accountId)).toBe(6);
      const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
      expect(execution.body).toMatchObject({
        status: 'completed',
        workflowSlug: null,
        modelIds: ['sandbox-image'],
      });
    });

    it('a pro key gets 403 CAPABILITY_DENIED', async () => {
      const s = await session({ tier: 'pro', credits: 10 });
      const res = await s.http
        .post('/api/models/sandbox-image/run')
        .send({ inputs: { prompt: 'x' } })
        .expect(403);
      expect(res.body).toMatchObject({ code: 'CAPABILITY_DENIED', required: 'model:run' });
      expect(res.body.acceptable).toEqual(expect.arrayContaining(['model:run', 'model:sandbox-image:run']));
      expect(await balanceOf(t, s.accountId)).toBe(10);
    });

    it('an unknown model is 404 MODEL_NOT_FOUND', async () => {
      const s = await session({ tier: 'business', credits: 10, capabilities: ['model:run'] });
      const res = await s.http
        .post('/api/models/no-such-model/run')
        .send({ inputs: { prompt: 'x' } })
        .expect(404);
      expect(res.body.code).toBe('MODEL_NOT_FOUND');
    });
  });

  it('no ledger row anywhere has amount 0, and every balance equals its ledger sum', async () => {
    expect(accounts.length).toBeGreaterThan(5);
    for (const accountId of accounts) {
      const ledger = await ledgerOf(t, accountId);
      for (const row of ledger) expect(row.amount).not.toBe(0);
      expect(ledger.reduce((sum, row) => sum + row.amount, 0)).toBe(await balanceOf(t, accountId));
    }
  });
});
