/**
 * Inputs wired into model params (API.md §7): a run input that an edge carries into a model param must satisfy
 * that param's registry type and range, and the quote prices the checked value. Values computed by other nodes
 * are checked when the model node runs. Nothing out of range is ever priced or sent to a provider.
 */
import { balanceOf, createWorkflow, ledgerOf } from '../../support/run-helpers';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { edge, WorkflowDoc } from '../../support/workflow-fixtures';

/** prompt, n → num_images, w → width, h → height of sandbox-image; the number fields declare no range. */
function wiredImageWorkflow(slug: string, nDefault: unknown = 1): WorkflowDoc {
  return {
    slug,
    name: 'Wired image',
    nodes: [
      {
        id: 'input',
        type: 'request-input',
        data: {
          fields: [
            { name: 'prompt', type: 'text', required: true },
            { name: 'n', type: 'number', default: nDefault },
            { name: 'w', type: 'number', default: 64 },
            { name: 'h', type: 'number', default: 64 },
          ],
        },
      },
      { id: 'gen', type: 'model', data: { model: 'sandbox-image', params: {} } },
      { id: 'output', type: 'response-output', data: { type: 'image', name: 'image' } },
    ],
    edges: [
      edge('e1', 'input.prompt', 'gen.prompt'),
      edge('e2', 'input.n', 'gen.num_images'),
      edge('e3', 'input.w', 'gen.width'),
      edge('e4', 'input.h', 'gen.height'),
      edge('e5', 'gen.out', 'output.value'),
    ],
  };
}

describe('inputs wired into model params', () => {
  let t: TestApp;
  let s: Session;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PRO: '100000' });
    s = await t.createSession({ tier: 'pro', credits: 100 });
    await createWorkflow(s, wiredImageWorkflow('wired'));
  });
  afterAll(() => t.close());

  async function expectRefused(inputs: Record<string, unknown>, paths: string[], route = 'run') {
    const before = await balanceOf(t, s.accountId);
    const res = await s.http
      .post(`/api/workflows/wired/${route}`)
      .send({ inputs: { prompt: 'p', ...inputs } });
    // The whole answer in the comparison, so a failure shows what was answered instead.
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUTS' },
    });
    expect(res.body.details.map((d: { path: string }) => d.path)).toEqual(paths);
    expect(await balanceOf(t, s.accountId)).toBe(before);
    return res.body as { details: Array<{ path: string; message: string }> };
  }

  it('n = 0.5 is 400 INVALID_INPUTS naming the field and the param, balance unchanged', async () => {
    const body = await expectRefused({ n: 0.5 }, ['inputs.n']);
    expect(body.details[0].message).toMatch(/num_images/);
    expect(body.details[0].message).toMatch(/must be an integer/);
  });

  it('n = 2.5 is 400 INVALID_INPUTS', () => expectRefused({ n: 2.5 }, ['inputs.n']));

  it('n = 5 (num_images max 4) is 400 INVALID_INPUTS', async () => {
    const body = await expectRefused({ n: 5 }, ['inputs.n']);
    expect(body.details[0].message).toMatch(/between 1 and 4/);
  });

  it('n = 1e300 is 400 INVALID_INPUTS, never "needs Infinity credits"', async () => {
    const body = await expectRefused({ n: 1e300 }, ['inputs.n']);
    expect(JSON.stringify(body)).not.toMatch(/Infinity/);
  });

  it('width = height = 16000 is 400 INVALID_INPUTS naming both fields', async () => {
    const body = await expectRefused({ w: 16000, h: 16000 }, ['inputs.w', 'inputs.h']);
    expect(body.details[0].message).toMatch(/width.*between 64 and 2048/);
  });

  it('the estimate checks wired inputs like a run', () =>
    expectRefused({ n: 0.5 }, ['inputs.n'], 'estimate'));

  it('no execution was created and no ledger row written by the refusals', async () => {
    const list = await s.http.get('/api/executions').expect(200);
    expect(list.body.data).toEqual([]);
    expect((await ledgerOf(t, s.accountId)).map((row) => row.type)).toEqual(['topup']);
  });

  it('a valid wired value is priced as checked: n = 2 costs 8 and makes 2 images', async () => {
    const estimate = await s.http
      .post('/api/workflows/wired/estimate')
      .send({ inputs: { prompt: 'p', n: 2 } })
      .expect(200);
    expect(estimate.body.estimatedCreditCost).toBe(8);
    const res = await s.http.post('/api/workflows/wired/run').send({ inputs: { prompt: 'p', n: 2 } });
    expect(res.status).toBe(200);
    expect(res.body.cost).toBe(8);
    expect(res.body.result.images).toHaveLength(2);
  });

  it('a field default that a wired param would refuse is 400 INVALID_WORKFLOW at save', async () => {
    const res = await s.http.post('/api/workflows').send(wiredImageWorkflow('wired-bad-default', 5));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_WORKFLOW');
    expect(res.body.details).toEqual([
      { path: 'nodes[0].data.fields[1].default', message: expect.stringMatching(/num_images/) },
    ]);
  });

  it('a value computed by another node is checked when the model runs: NODE_ERROR, nothing charged', async () => {
    const doc: WorkflowDoc = {
      slug: 'computed-count',
      name: 'Computed count',
      nodes: [
        {
          id: 'input',
          type: 'request-input',
          data: {
            fields: [
              { name: 'prompt', type: 'text', required: true },
              { name: 'n', type: 'text', default: '9' },
            ],
          },
        },
        { id: 'count', type: 'template', data: { template: '{{n}}' } },
        { id: 'gen', type: 'model', data: { model: 'sandbox-image', params: { width: 64, height: 64 } } },
        { id: 'output', type: 'response-output', data: { type: 'image', name: 'image' } },
      ],
      edges: [
        edge('e1', 'input.prompt', 'gen.prompt'),
        edge('e2', 'input.n', 'count.n'),
        edge('e3', 'count.text', 'gen.num_images'),
        edge('e4', 'gen.out', 'output.value'),
      ],
    };
    await createWorkflow(s, doc);
    const before = await balanceOf(t, s.accountId);
    const res = await s.http.post('/api/workflows/computed-count/run').send({ inputs: { prompt: 'p' } });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'EXECUTION_FAILED', nodeId: 'gen' });
    expect(res.body.error).toMatch(/num_images/);
    const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
    expect(execution.body.error.code).toBe('NODE_ERROR');
    expect(execution.body.billing).toMatchObject({ charged: 0 });
    expect(await balanceOf(t, s.accountId)).toBe(before);
  });

  it('a direct model run refuses out-of-range params (400 INVALID_INPUTS)', async () => {
    const b = await t.createSession({ tier: 'business', credits: 50, capabilities: ['model:run'] });
    const res = await b.http
      .post('/api/models/sandbox-image/run')
      .send({ inputs: { prompt: 'p' }, params: { num_images: 0.5, width: 16000 } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_INPUTS');
    expect(res.body.details.map((d: { path: string }) => d.path)).toEqual([
      'params.num_images',
      'params.width',
    ]);
    expect(await balanceOf(t, b.accountId)).toBe(50);
  });
});
