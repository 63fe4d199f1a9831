/**
 * How provider calls behave when the provider does not simply answer 200 (through the OpenAI-compatible adapter,
 * which all adapters share the HTTP client with): 429 + Retry-After is retried once after that long; a 4xx other
 * than 429 is not retried; a provider that never answers fails the run within PROVIDER_TIMEOUT_SECONDS.
 */
import { createWorkflow, sandboxWorkflow } from '../../support/run-helpers';
import {
  FakeProvider,
  modelEntry,
  sendJson,
  startFakeProvider,
  writeModelsFile,
} from '../../support/fake-provider';
import { Session, startTestApp, TestApp } from '../../support/test-app';

const TIMEOUT_SECONDS = 2;
const entry = (id: string) =>
  modelEntry({ id, name: id, kind: 'text', provider: 'openai', settings: { model: id } });

describe('provider call resilience (e2e)', () => {
  let provider: FakeProvider;
  let t: TestApp;
  let s: Session;
  let throttledOnce = false;

  beforeAll(async () => {
    provider = await startFakeProvider((req, res) => {
      const ok = () =>
        sendJson(res, 200, {
          id: `chatcmpl-${req.body.model}`,
          choices: [{ message: { role: 'assistant', content: 'fine' } }],
          usage: { prompt_tokens: 1, completion_tokens: 1 },
        });
      switch (req.body.model) {
        case 'throttled':
          if (throttledOnce) return ok();
          throttledOnce = true;
          return sendJson(
            res,
            429,
            { error: { message: 'Rate limit reached', type: 'requests' } },
            { 'retry-after': '1' },
          );
        case 'refused':
          return sendJson(res, 400, {
            error: { message: "Invalid value for 'model'", type: 'invalid_request_error' },
          });
        case 'silent':
          return; // never answers
        default:
          return ok();
      }
    });
    t = await startTestApp({
      OPENAI_BASE_URL: `${provider.url}/v1`,
      OPENAI_API_KEY: 'sk-resilience',
      PROVIDER_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
      MODELS_FILE: writeModelsFile([entry('throttled'), entry('refused'), entry('silent')]),
    });
    s = await t.createSession({ tier: 'pro', credits: 100, capabilities: ['workflow:*', 'execution:*'] });
    for (const id of ['throttled', 'refused', 'silent'])
      await createWorkflow(s, sandboxWorkflow(id, {}, 'text', id));
  });
  afterAll(async () => {
    await t.close();
    await provider.stop();
  });

  const callsOf = (model: string) =>
    provider.to('/v1/chat/completions').filter((r) => r.body.model === model);

  it('429 with Retry-After: 1, then 200: one retry about a second later, then success', async () => {
    const res = await s.http
      .post('/api/workflows/throttled/run')
      .send({ inputs: { prompt: 'hi' } })
      .expect(200);
    expect(res.body).toMatchObject({ success: true, result: 'fine' });
    const calls = callsOf('throttled');
    expect(calls).toHaveLength(2);
    const gap = calls[1].at - calls[0].at;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(2000);
  });

  it('a 400 is not retried and fails the run with the provider cause as PROVIDER_ERROR', async () => {
    const res = await s.http
      .post('/api/workflows/refused/run')
      .send({ inputs: { prompt: 'hi' } })
      .expect(500);
    expect(res.body).toMatchObject({ code: 'EXECUTION_FAILED', nodeId: 'gen' });
    expect(res.body.error).toContain("openai answered HTTP 400: Invalid value for 'model'");
    expect(callsOf('refused')).toHaveLength(1);
    const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
    expect(execution.body.error.code).toBe('PROVIDER_ERROR');
  });

  it('a provider that never answers fails the run with EXECUTION_FAILED within PROVIDER_TIMEOUT_SECONDS', async () => {
    const started = Date.now();
    const res = await s.http
      .post('/api/workflows/silent/run')
      .send({ inputs: { prompt: 'hi' } })
      .expect(500);
    const tookMs = Date.now() - started;
    expect(res.body).toMatchObject({ code: 'EXECUTION_FAILED', nodeId: 'gen' });
    expect(res.body.error).toContain(`did not answer within ${TIMEOUT_SECONDS} s`);
    expect(tookMs).toBeGreaterThanOrEqual(TIMEOUT_SECONDS * 1000 - 100);
    expect(tookMs).toBeLessThan(TIMEOUT_SECONDS * 1000 + 3000);
    const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
    expect(execution.body).toMatchObject({ status: 'failed', cost: 0, error: { code: 'PROVIDER_ERROR' } });
  });
});
