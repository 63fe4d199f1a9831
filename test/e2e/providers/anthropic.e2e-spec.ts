/**
 * The Anthropic Messages adapter (API.md §6) against a loopback server speaking its wire format, an async run
 * refused (not pollable), and an entry without credentials: listed unavailable, refused before any reservation.
 */
import { balanceOf, createWorkflow, ledgerOf, sandboxWorkflow } from '../../support/run-helpers';
import {
  FakeProvider,
  modelEntry,
  sendJson,
  startFakeProvider,
  writeModelsFile,
} from '../../support/fake-provider';
import { Session, startTestApp, TestApp } from '../../support/test-app';

const API_KEY = 'sk-ant-test-0123456789';
const CLAUDE = modelEntry({
  id: 'claude-test',
  name: 'Claude test',
  kind: 'text',
  provider: 'anthropic',
  supportsAsync: true, // the adapter cannot poll, so the registry turns this off
  settings: { model: 'claude-sonnet-4-5', extraBody: { max_tokens: 256 } },
});

describe('anthropic provider (e2e)', () => {
  let provider: FakeProvider;
  let t: TestApp;
  let s: Session;

  beforeAll(async () => {
    provider = await startFakeProvider((req, res) => {
      if (req.path !== '/v1/messages')
        return sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'nope' } });
      sendJson(
        res,
        200,
        {
          id: 'msg_01XYZ',
          type: 'message',
          role: 'assistant',
          model: req.body.model,
          content: [
            { type: 'text', text: 'Hello, ' },
            { type: 'text', text: req.body.messages[0].content },
          ],
          stop_reason: 'end_turn',
          usage: { input_tokens: 21, output_tokens: 7 },
        },
        { 'request-id': 'req_ant_1' },
      );
    });
    t = await startTestApp({
      ANTHROPIC_BASE_URL: provider.url,
      ANTHROPIC_API_KEY: API_KEY,
      MODELS_FILE: writeModelsFile([CLAUDE]),
    });
    s = await t.createSession({ tier: 'pro', credits: 50, capabilities: ['workflow:*', 'execution:*'] });
    await createWorkflow(s, sandboxWorkflow('claude-test', {}, 'text', 'claude'));
  });
  afterAll(async () => {
    await t.close();
    await provider.stop();
  });

  it('runs a workflow sync: the Messages request, the text, usage and message id on the step', async () => {
    const res = await s.http
      .post('/api/workflows/claude/run')
      .send({ inputs: { prompt: 'Ada' } })
      .expect(200);
    expect(res.body).toMatchObject({ success: true, result: 'Hello, Ada', cost: 2 });
    const sent = provider.to('/v1/messages')[0];
    expect(sent.method).toBe('POST');
    expect(sent.headers['x-api-key']).toBe(API_KEY);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Ada' }],
    });
    const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
    expect(execution.body.steps.find((st: any) => st.nodeId === 'gen')).toMatchObject({
      status: 'completed',
      providerRequestId: 'msg_01XYZ',
      usage: { inputTokens: 21, outputTokens: 7 },
    });
  });

  it('refuses an async run with ASYNC_NOT_SUPPORTED and lists the model as not async', async () => {
    const before = provider.requests.length;
    const res = await s.http
      .post('/api/workflows/claude/run?async=true')
      .send({ inputs: { prompt: 'x' } })
      .expect(400);
    expect(res.body.code).toBe('ASYNC_NOT_SUPPORTED');
    expect(provider.requests.length).toBe(before);
    const models = await s.http.get('/api/models').expect(200);
    expect(models.body.find((m: any) => m.id === 'claude-test')).toMatchObject({
      supportsAsync: false,
      enabled: true,
    });
  });
});

describe('a model whose provider has no credentials (e2e)', () => {
  let t: TestApp;
  let s: Session;

  beforeAll(async () => {
    t = await startTestApp({ MODELS_FILE: writeModelsFile([CLAUDE]) });
    s = await t.createSession({ tier: 'pro', credits: 50, capabilities: ['workflow:*', 'execution:*'] });
    await createWorkflow(s, sandboxWorkflow('claude-test', {}, 'text', 'claude-off'));
  });
  afterAll(() => t.close());

  it('is listed with enabled: false', async () => {
    const models = await s.http.get('/api/models').expect(200);
    expect(models.body.find((m: any) => m.id === 'claude-test')).toMatchObject({ enabled: false });
    expect(models.body.find((m: any) => m.id === 'sandbox-text')).toMatchObject({ enabled: true });
  });

  it('fails a run with 400 naming the model and the missing setting, before any reservation', async () => {
    const before = await balanceOf(t, s.accountId);
    const ledgerBefore = (await ledgerOf(t, s.accountId)).length;
    const res = await s.http
      .post('/api/workflows/claude-off/run')
      .send({ inputs: { prompt: 'x' } })
      .expect(400);
    expect(res.body).toMatchObject({
      code: 'INVALID_WORKFLOW',
      model: 'claude-test',
      missingSetting: 'ANTHROPIC_API_KEY',
    });
    expect(res.body.error).toContain('claude-test');
    expect(res.body.error).toContain('ANTHROPIC_API_KEY');
    expect(await balanceOf(t, s.accountId)).toBe(before);
    expect((await ledgerOf(t, s.accountId)).length).toBe(ledgerBefore);
    const executions = await s.http.get('/api/executions').expect(200);
    expect(executions.body.data).toHaveLength(0);
  });

  it('answers the same on the model route and the estimate', async () => {
    const e = await t.createSession({
      tier: 'enterprise',
      credits: 50,
      capabilities: ['model:run', 'workflow:*'],
    });
    const run = await e.http
      .post('/api/models/claude-test/run')
      .send({ inputs: { prompt: 'x' } })
      .expect(400);
    expect(run.body).toMatchObject({
      code: 'INVALID_WORKFLOW',
      model: 'claude-test',
      missingSetting: 'ANTHROPIC_API_KEY',
    });
    expect(await balanceOf(t, e.accountId)).toBe(50);
    const estimate = await s.http
      .post('/api/workflows/claude-off/estimate')
      .send({ inputs: { prompt: 'x' } })
      .expect(400);
    expect(estimate.body).toMatchObject({ code: 'INVALID_WORKFLOW', missingSetting: 'ANTHROPIC_API_KEY' });
  });
});
