/**
 * Output limits (API.md §5): MAX_NODE_OUTPUT_BYTES, MAX_RESULT_BYTES and MAX_MEDIA_BYTES are enforced while
 * outputs are built, so a free run can never make the server hold or write more. An oversized node fails the
 * run with NODE_ERROR (500 EXECUTION_FAILED), nothing charged, nothing oversized stored. The template bomb and
 * the server's memory are in template-bomb.e2e-spec.ts.
 */
import { createServer, Server } from 'node:http';
import { createWorkflow, pngDataUrl } from '../../support/run-helpers';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { edge, WorkflowDoc } from '../../support/workflow-fixtures';
import { listenOnLoopback } from '../../support/loopback';

const MiB = 1024 * 1024;

/** p (text) → template `body` → response-output text. */
function templateDoc(slug: string, template: string): WorkflowDoc {
  return {
    slug,
    name: slug,
    nodes: [
      { id: 'input', type: 'request-input', data: { fields: [{ name: 'p', type: 'text', required: true }] } },
      { id: 'bomb', type: 'template', data: { template } },
      { id: 'output', type: 'response-output', data: { type: 'text', name: 'text' } },
    ],
    edges: [edge('e1', 'input.p', 'bomb.p'), edge('e2', 'bomb.text', 'output.value')],
  };
}

describe('output limits at their defaults', () => {
  let t: TestApp;
  let s: Session;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      // 2 MiB of text: within the old 10 MiB read cap, over the 1 MiB node output limit.
      res.setHeader('Content-Type', 'text/plain');
      res.end(req.url === '/big' ? 'y'.repeat(2 * MiB) : 'small');
    });
    origin = await listenOnLoopback(server);
    t = await startTestApp({ RATE_LIMIT_PRO: '100000' });
    s = await t.createSession({ tier: 'pro', credits: 10 });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('a template output of exactly the limit passes, one byte more fails', async () => {
    await createWorkflow(s, templateDoc('edge-size', '{{p}}'.repeat(256)));
    const fits = await s.http.post('/api/workflows/edge-size/run').send({ inputs: { p: 'z'.repeat(4096) } });
    expect(fits.status).toBe(200);
    expect(fits.body.result).toHaveLength(MiB);
    await createWorkflow(s, templateDoc('edge-size-2', `!${'{{p}}'.repeat(256)}`));
    const over = await s.http
      .post('/api/workflows/edge-size-2/run')
      .send({ inputs: { p: 'z'.repeat(4096) } });
    expect(over.status).toBe(500);
    expect(over.body.code).toBe('EXECUTION_FAILED');
  });

  it('an http-request response body over the limit fails the node (NODE_ERROR), read with a byte cap', async () => {
    await createWorkflow(s, {
      slug: 'big-response',
      name: 'Big response',
      nodes: [
        { id: 'call', type: 'http-request', data: { url: `${origin}/big`, responseType: 'text' } },
        { id: 'output', type: 'response-output', data: { type: 'json', name: 'response' } },
      ],
      edges: [edge('e1', 'call.response', 'output.value')],
    });
    const res = await s.http.post('/api/workflows/big-response/run').send({ inputs: {} });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'EXECUTION_FAILED', nodeId: 'call' });
    expect(res.body.error).toMatch(/too large/);
  });

  it('the execution list does not carry large results; the execution itself does', async () => {
    const l = await t.createSession({ tier: 'pro' });
    await createWorkflow(l, templateDoc('large-result', '{{p}}'.repeat(200)));
    const run = await l.http
      .post('/api/workflows/large-result/run')
      .send({ inputs: { p: 'q'.repeat(4000) } })
      .expect(200);
    await createWorkflow(l, templateDoc('small-result', 'say {{p}}'));
    await l.http
      .post('/api/workflows/small-result/run')
      .send({ inputs: { p: 'hi' } })
      .expect(200);

    const list = await l.http.get('/api/executions?limit=100').expect(200);
    expect(list.body.data).toHaveLength(2);
    const [small, large] = list.body.data;
    expect(small).toMatchObject({ status: 'completed', result: 'say hi' });
    expect(large).toMatchObject({
      executionId: run.body.executionId,
      status: 'completed',
      resultOmitted: true,
    });
    expect(large.result).toBeUndefined();
    expect(JSON.stringify(list.body).length).toBeLessThan(100_000);

    const one = await l.http.get(`/api/executions/${run.body.executionId}`).expect(200);
    expect(one.body.result).toHaveLength(800_000);
    expect(one.body.resultOmitted).toBeUndefined();
  });
});

describe('output limits from configuration', () => {
  let t: TestApp;
  let s: Session;

  beforeAll(async () => {
    t = await startTestApp({
      MAX_NODE_OUTPUT_BYTES: '2048',
      MAX_RESULT_BYTES: '3072',
      MAX_MEDIA_BYTES: String(MiB),
    });
    s = await t.createSession({ tier: 'pro', credits: 10 });
  });
  afterAll(() => t.close());

  it('refuses a bad value at boot, naming the variable', async () => {
    await expect(startTestApp({ MAX_RESULT_BYTES: 'lots' })).rejects.toThrow(/MAX_RESULT_BYTES/);
  });

  it('MAX_NODE_OUTPUT_BYTES bounds one node', async () => {
    await createWorkflow(s, templateDoc('one-node', '{{p}}{{p}}'));
    await s.http
      .post('/api/workflows/one-node/run')
      .send({ inputs: { p: 'a'.repeat(1024) } })
      .expect(200);
    const res = await s.http.post('/api/workflows/one-node/run').send({ inputs: { p: 'a'.repeat(1025) } });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'EXECUTION_FAILED', nodeId: 'bomb' });
  });

  it('MAX_RESULT_BYTES bounds the whole result even when every node fits', async () => {
    await createWorkflow(s, {
      slug: 'two-outputs',
      name: 'Two outputs',
      nodes: [
        {
          id: 'input',
          type: 'request-input',
          data: { fields: [{ name: 'p', type: 'text', required: true }] },
        },
        { id: 'a', type: 'response-output', data: { type: 'text', name: 'a' } },
        { id: 'b', type: 'response-output', data: { type: 'text', name: 'b' } },
      ],
      edges: [edge('e1', 'input.p', 'a.value'), edge('e2', 'input.p', 'b.value')],
    });
    await s.http
      .post('/api/workflows/two-outputs/run')
      .send({ inputs: { p: 'c'.repeat(1000) } })
      .expect(200);
    const res = await s.http.post('/api/workflows/two-outputs/run').send({ inputs: { p: 'c'.repeat(2000) } });
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('EXECUTION_FAILED');
    expect(res.body.error).toMatch(/result/);
    const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
    expect(execution.body.error.code).toBe('NODE_ERROR');
  });

  it('MAX_MEDIA_BYTES bounds the pixels an image-transform may make', async () => {
    await createWorkflow(s, {
      slug: 'huge-resize',
      name: 'Huge resize',
      nodes: [
        {
          id: 'input',
          type: 'request-input',
          data: { fields: [{ name: 'image', type: 'image', required: true }] },
        },
        {
          id: 'grow',
          type: 'image-transform',
          data: { ops: [{ op: 'resize', width: 4000, height: 4000, fit: 'fill' }] },
        },
        { id: 'output', type: 'response-output', data: { type: 'image', name: 'image' } },
      ],
      edges: [edge('e1', 'input.image', 'grow.image'), edge('e2', 'grow.image', 'output.value')],
    });
    const res = await s.http
      .post('/api/workflows/huge-resize/run')
      .send({ inputs: { image: await pngDataUrl(16, 16) } });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'EXECUTION_FAILED', nodeId: 'grow' });
    expect(res.body.error).toMatch(/too large/);
  });
});
