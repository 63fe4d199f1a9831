/**
 * A failed run is charged nothing (API.md §7, §8), even when another branch finished before the failure.
 */
import { balanceOf, createWorkflow, ledgerOf } from '../../support/run-helpers';
import { startTestApp, TestApp } from '../../support/test-app';
import { edge, WorkflowDoc } from '../../support/workflow-fixtures';

const SMALL = { num_images: 1, width: 64, height: 64 };

/** prompt → a (finishes at once) → output a; prompt → b (fails after 300 ms) → output b. */
const TWO_BRANCHES: WorkflowDoc = {
  slug: 'two-branches',
  name: 'Two branches',
  nodes: [
    {
      id: 'input',
      type: 'request-input',
      data: { fields: [{ name: 'prompt', type: 'text', required: true }] },
    },
    { id: 'a', type: 'model', data: { model: 'sandbox-image', params: SMALL } },
    {
      id: 'b',
      type: 'model',
      data: { model: 'sandbox-image', params: { ...SMALL, latencyMs: 300, fail: 'branch b broke' } },
    },
    { id: 'out-a', type: 'response-output', data: { type: 'image', name: 'a' } },
    { id: 'out-b', type: 'response-output', data: { type: 'image', name: 'b' } },
  ],
  edges: [
    edge('e1', 'input.prompt', 'a.prompt'),
    edge('e2', 'input.prompt', 'b.prompt'),
    edge('e3', 'a.out', 'out-a.value'),
    edge('e4', 'b.out', 'out-b.value'),
  ],
};

describe('a run that fails after one branch finished', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is charged nothing: 500 EXECUTION_FAILED, balance unchanged, the reserve refunded in full', async () => {
    const s = await t.createSession({ tier: 'pro', credits: 20 });
    await createWorkflow(s, TWO_BRANCHES);
    const res = await s.http.post('/api/workflows/two-branches/run').send({ inputs: { prompt: 'x' } });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'EXECUTION_FAILED', nodeId: 'b' });

    const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
    const steps = Object.fromEntries(
      execution.body.steps.map((step: { nodeId: string }) => [step.nodeId, step]),
    );
    expect(steps.a).toMatchObject({ status: 'completed', cost: 0 });
    expect(steps.b).toMatchObject({ status: 'failed', cost: 0 });
    expect(execution.body).toMatchObject({
      status: 'failed',
      cost: 0,
      billing: { reserved: 8, charged: 0, refunded: 8 },
    });

    expect(await balanceOf(t, s.accountId)).toBe(20);
    // Rows written within one millisecond have no order between them: compare them by type.
    const ledger = (await ledgerOf(t, s.accountId)).sort((a, b) => a.type.localeCompare(b.type));
    expect(ledger.map((row) => [row.type, row.amount])).toEqual([
      ['refund', 8],
      ['reserve', -8],
      ['topup', 20],
    ]);
  });
});
