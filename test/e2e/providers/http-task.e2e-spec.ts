/**
 * The generic HTTP task adapter (API.md §6) against a loopback task API in the `createTask` / `recordInfo`
 * style: the entry's settings say where the task id, the state and the result URLs are (JSON pointers, one of
 * them into a JSON string field). Sync and async runs; usage and the task id on the step.
 */
import sharp from 'sharp';
import { createWorkflow, fetchMedia, sandboxWorkflow } from '../../support/run-helpers';
import {
  FakeProvider,
  modelEntry,
  pngBytes,
  sendJson,
  startFakeProvider,
  writeModelsFile,
} from '../../support/fake-provider';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { expectNoMorePolls, startPollingRun, waitForEnd } from '../../support/provider-runs';
import { waitFor } from '../../support/wait';

const TASK_KEY = 'task-api-key-0123456789';

const ENTRY = modelEntry({
  id: 'task-image',
  name: 'Task API image',
  kind: 'image',
  provider: 'http-task',
  supportsAsync: true,
  pricing: { unit: 'call', credits: 3 },
  params: [{ name: 'aspect_ratio', type: 'string', options: ['1:1', '16:9'], default: '1:1' }],
  settings: {
    baseUrlEnv: 'TASKS_BASE_URL',
    apiKeyEnv: 'TASKS_API_KEY',
    model: 'image-model-v2',
    pollIntervalMs: 100,
    create: { path: '/api/v1/jobs/createTask', body: { callBackUrl: null }, taskIdPointer: '/data/taskId' },
    status: {
      path: '/api/v1/jobs/recordInfo?taskId={taskId}',
      statePointer: '/data/state',
      succeeded: ['success'],
      failed: ['fail'],
      errorPointer: '/data/failMsg',
      resultPointer: '/data/resultJson/resultUrls',
    },
  },
});

/** The same API, for tasks whose prompt says how they end: `fail` fails, `forever` never finishes. */
const OUTCOME_ENTRY = {
  ...ENTRY,
  id: 'task-outcome',
  params: [],
  settings: { ...(ENTRY.settings as object), cancel: { path: '/api/v1/jobs/cancel/{taskId}' } },
};

describe('http-task provider (e2e)', () => {
  let provider: FakeProvider;
  let t: TestApp;
  let s: Session;
  let png: Buffer;
  const polls = new Map<string, number>();

  beforeAll(async () => {
    png = await pngBytes();
    let next = 0;
    provider = await startFakeProvider((req, res) => {
      if (req.path === '/api/v1/jobs/createTask' && req.method === 'POST') {
        const prompt = req.body.input.prompt;
        const prefix = prompt === 'fail' || prompt === 'forever' ? `${prompt}_` : 'task_';
        return sendJson(res, 200, { code: 200, msg: 'success', data: { taskId: `${prefix}${++next}` } });
      }
      if (req.path.startsWith('/api/v1/jobs/cancel/'))
        return sendJson(res, 200, { code: 200, msg: 'cancelled' });
      if (req.path.startsWith('/api/v1/jobs/recordInfo')) {
        const taskId = new URL(req.path, provider.url).searchParams.get('taskId')!;
        const count = (polls.get(taskId) ?? 0) + 1;
        polls.set(taskId, count);
        if (taskId.startsWith('fail_'))
          return sendJson(res, 200, {
            code: 200,
            data: { taskId, state: 'fail', failMsg: 'content policy violation' },
          });
        if (taskId.startsWith('forever_'))
          return sendJson(res, 200, { code: 200, data: { taskId, state: 'generating' } });
        if (count < 3)
          return sendJson(res, 200, {
            code: 200,
            data: { taskId, state: count === 1 ? 'waiting' : 'generating' },
          });
        return sendJson(res, 200, {
          code: 200,
          data: {
            taskId,
            state: 'success',
            resultJson: JSON.stringify({ resultUrls: [`${provider.url}/files/${taskId}.png`] }),
          },
        });
      }
      if (req.path.startsWith('/files/')) {
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(png);
      }
      sendJson(res, 404, { code: 404, msg: 'not found' });
    });
    t = await startTestApp({
      TASKS_BASE_URL: provider.url,
      TASKS_API_KEY: TASK_KEY,
      MODELS_FILE: writeModelsFile([ENTRY, OUTCOME_ENTRY]),
    });
    s = await t.createSession({ tier: 'pro', credits: 100, capabilities: ['workflow:*', 'execution:*'] });
    await createWorkflow(s, sandboxWorkflow('task-image', { aspect_ratio: '16:9' }, 'image', 'task'));
    await createWorkflow(s, sandboxWorkflow('task-outcome', {}, 'image', 'outcome'));
  });
  afterAll(async () => {
    await t.close();
    await provider.stop();
  });

  async function checkRun(executionId: string, result: any, prompt: string) {
    const created = provider.to('/api/v1/jobs/createTask').find((r) => r.body.input.prompt === prompt)!;
    expect(created.method).toBe('POST');
    expect(created.headers.authorization).toBe(`Bearer ${TASK_KEY}`);
    expect(created.body).toEqual({
      callBackUrl: null,
      model: 'image-model-v2',
      input: { prompt, aspect_ratio: '16:9' },
    });

    const execution = await s.http.get(`/api/executions/${executionId}`).expect(200);
    const step = execution.body.steps.find((st: any) => st.nodeId === 'gen');
    expect(step).toMatchObject({ status: 'completed', usage: { images: 1 } });
    expect(step.providerRequestId).toMatch(/^task_\d+$/);
    expect(polls.get(step.providerRequestId)).toBe(3);
    const statusCalls = provider
      .to('/api/v1/jobs/recordInfo')
      .filter((r) => r.path.endsWith(`taskId=${step.providerRequestId}`));
    expect(statusCalls).toHaveLength(3);
    expect(
      statusCalls.every((r) => r.method === 'GET' && r.headers.authorization === `Bearer ${TASK_KEY}`),
    ).toBe(true);

    expect(result.images).toHaveLength(1);
    expect(result.images[0].startsWith(`${t.config.publicBaseUrl}/media/`)).toBe(true);
    expect((await sharp((await fetchMedia(t, result.images[0])).body).metadata()).format).toBe('png');
  }

  it('runs sync: create, poll the state until success, download the result URL', async () => {
    const res = await s.http
      .post('/api/workflows/task/run')
      .send({ inputs: { prompt: 'sync cat' } })
      .expect(200);
    expect(res.body).toMatchObject({ success: true, cost: 3 });
    await checkRun(res.body.executionId, res.body.result, 'sync cat');
  });

  it('runs async: 202, then completes on the queue', async () => {
    const accepted = await s.http
      .post('/api/workflows/task/run?async=true')
      .send({ inputs: { prompt: 'async cat' } })
      .expect(202);
    const done = await waitForEnd(s, accepted.body.executionId);
    expect(done).toMatchObject({ status: 'completed', mode: 'async', cost: 3 });
    await checkRun(done.executionId, done.result, 'async cat');
  });

  it('a failed task fails the run with the API message as PROVIDER_ERROR, charging nothing', async () => {
    const res = await s.http
      .post('/api/workflows/outcome/run')
      .send({ inputs: { prompt: 'fail' } })
      .expect(500);
    expect(res.body).toMatchObject({ code: 'EXECUTION_FAILED', nodeId: 'gen' });
    expect(res.body.error).toMatch(/task fail_\d+ failed: content policy violation/);
    const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
    expect(execution.body).toMatchObject({ status: 'failed', cost: 0, error: { code: 'PROVIDER_ERROR' } });
  });

  it('a cancel during polling stops the polling and calls the configured cancel endpoint', async () => {
    const { executionId, providerRequestId } = await startPollingRun(s, 'outcome', 'forever', polls);
    await s.http.post(`/api/executions/${executionId}/cancel`).expect(202);
    const cancel = await waitFor(
      'the cancel call',
      () => provider.to(`/api/v1/jobs/cancel/${providerRequestId}`)[0],
    );
    expect(cancel).toMatchObject({ method: 'POST' });
    expect(cancel.headers.authorization).toBe(`Bearer ${TASK_KEY}`);
    await expectNoMorePolls(polls, providerRequestId);
    expect(await waitForEnd(s, executionId)).toMatchObject({ status: 'cancelled', cost: 0 });
  });
});
