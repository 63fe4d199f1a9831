/**
 * The OpenAI-compatible adapter (API.md §6) against a real server on loopback speaking its wire format: chat
 * completions for text, image generations (b64_json and url) for images; usage and request id on the step;
 * result images served from Flowgate's own media URLs after the provider's server has stopped.
 */
import sharp from 'sharp';
import { balanceOf, createWorkflow, fetchMedia, ledgerOf, sandboxWorkflow } from '../../support/run-helpers';
import {
  FakeProvider,
  modelEntry,
  pngBytes,
  sendJson,
  startFakeProvider,
  writeModelsFile,
} from '../../support/fake-provider';
import { Session, startTestApp, TestApp } from '../../support/test-app';

const API_KEY = 'sk-test-openai-0123456789';

const ENTRIES = [
  modelEntry({
    id: 'gpt-test',
    name: 'GPT test',
    kind: 'text',
    provider: 'openai',
    settings: { model: 'gpt-4o-mini', system: 'Be brief.' },
    params: [{ name: 'temperature', type: 'number', min: 0, max: 2, default: 0.2 }],
  }),
  modelEntry({
    id: 'gpt-metered',
    name: 'GPT priced per 1,000 tokens',
    kind: 'text',
    provider: 'openai',
    pricing: { unit: '1k-tokens', credits: 2, reserveUnits: 5 },
    settings: { model: 'gpt-4o-mini' },
  }),
  modelEntry({
    id: 'dalle-test',
    name: 'Image test',
    kind: 'image',
    provider: 'openai',
    pricing: { unit: 'image', credits: 3 },
    settings: { model: 'gpt-image-1', extraBody: { size: '1024x1024' } },
    params: [{ name: 'num_images', type: 'integer', min: 1, max: 4, default: 1 }],
  }),
];

describe('openai provider (e2e)', () => {
  let provider: FakeProvider;
  let t: TestApp;
  let s: Session;
  let png: Buffer;
  let mode: 'b64' | 'url' = 'b64';

  beforeAll(async () => {
    png = await pngBytes();
    provider = await startFakeProvider((req, res) => {
      if (req.path === '/v1/chat/completions') {
        return sendJson(res, 200, {
          id: 'chatcmpl-abc123',
          object: 'chat.completion',
          model: req.body.model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: `echo: ${req.body.messages.at(-1).content}` },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
        });
      }
      if (req.path === '/v1/images/generations') {
        const data = Array.from({ length: req.body.n }, () =>
          mode === 'b64' ? { b64_json: png.toString('base64') } : { url: `${provider.url}/files/out.png` },
        );
        return sendJson(res, 200, { created: 1700000000, data }, { 'x-request-id': 'req_img_1' });
      }
      if (req.path === '/files/out.png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(png);
      }
      sendJson(res, 404, { error: { message: 'no such route' } });
    });
    t = await startTestApp({
      OPENAI_BASE_URL: `${provider.url}/v1`,
      OPENAI_API_KEY: API_KEY,
      MODELS_FILE: writeModelsFile(ENTRIES),
    });
    s = await t.createSession({ tier: 'pro', credits: 100, capabilities: ['workflow:*', 'execution:*'] });
    await createWorkflow(s, sandboxWorkflow('gpt-test', { temperature: 0.5 }, 'text', 'chat'));
    await createWorkflow(s, sandboxWorkflow('dalle-test', { num_images: 2 }, 'image', 'draw'));
    await createWorkflow(s, sandboxWorkflow('dalle-test', {}, 'image', 'draw-one'));
    await createWorkflow(s, sandboxWorkflow('gpt-metered', {}, 'text', 'metered'));
  });
  afterAll(async () => {
    await t.close();
    await provider.stop().catch(() => undefined);
  });

  it('lists the configured entries as enabled', async () => {
    const res = await s.http.get('/api/models').expect(200);
    const gpt = res.body.find((m: any) => m.id === 'gpt-test');
    expect(gpt).toMatchObject({ enabled: true, provider: 'openai', supportsAsync: false });
    expect(gpt.settings).toBeUndefined();
  });

  it('runs a chat workflow sync: the request, the text result, usage and request id on the step', async () => {
    const res = await s.http
      .post('/api/workflows/chat/run')
      .send({ inputs: { prompt: 'hello there' } })
      .expect(200);
    expect(res.body).toMatchObject({ success: true, result: 'echo: hello there', cost: 2 });

    const sent = provider.to('/v1/chat/completions').at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body).toEqual({
      model: 'gpt-4o-mini',
      temperature: 0.5,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello there' },
      ],
    });

    const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
    const step = execution.body.steps.find((st: any) => st.nodeId === 'gen');
    expect(step).toMatchObject({
      status: 'completed',
      providerRequestId: 'chatcmpl-abc123',
      usage: { inputTokens: 12, outputTokens: 5 },
      cost: 2,
    });
  });

  it('prices a 1k-tokens model by the usage the provider reported, up to the reservation', async () => {
    const res = await s.http
      .post('/api/workflows/metered/run')
      .send({ inputs: { prompt: 'count me' } })
      .expect(200);
    // 12 + 5 tokens at 2 credits per 1,000: ceil(0.034) = 1 credit; 5 units × 2 = 10 were reserved.
    expect(res.body.cost).toBe(1);
    const rows = (await ledgerOf(t, s.accountId)).filter((row) => row.executionId === res.body.executionId);
    expect(rows.map((row) => [row.type, row.amount]).sort()).toEqual([
      ['refund', 9],
      ['reserve', -10],
    ]);
    const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
    expect(execution.body.steps.find((st: any) => st.nodeId === 'gen')).toMatchObject({
      cost: 1,
      usage: { inputTokens: 12, outputTokens: 5 },
    });
    expect(execution.body.billing).toMatchObject({ reserved: 10, charged: 1, refunded: 9 });
  });

  it('runs an image workflow sync from b64_json: real PNGs in our media store, images in usage', async () => {
    mode = 'b64';
    const res = await s.http
      .post('/api/workflows/draw/run')
      .send({ inputs: { prompt: 'a fox' } })
      .expect(200);
    expect(res.body.result.images).toHaveLength(2);
    expect(res.body.cost).toBe(6);
    const sent = provider.to('/v1/images/generations').at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body).toEqual({ model: 'gpt-image-1', prompt: 'a fox', n: 2, size: '1024x1024' });
    for (const url of res.body.result.images) {
      expect(url.startsWith(`${t.config.publicBaseUrl}/media/`)).toBe(true);
      const media = await fetchMedia(t, url);
      expect(media.status).toBe(200);
      expect((await sharp(media.body).metadata()).format).toBe('png');
    }
    const execution = await s.http.get(`/api/executions/${res.body.executionId}`).expect(200);
    expect(execution.body.steps.find((st: any) => st.nodeId === 'gen')).toMatchObject({
      providerRequestId: 'req_img_1',
      usage: { images: 2 },
    });
  });

  it('downloads url results, which stay served by Flowgate after the provider server stopped', async () => {
    mode = 'url';
    const res = await s.http
      .post('/api/workflows/draw-one/run')
      .send({ inputs: { prompt: 'an owl' } })
      .expect(200);
    const [url] = res.body.result.images;
    expect(url).toMatch(/\/media\//);
    expect(provider.to('/files/out.png').length).toBeGreaterThanOrEqual(1);

    await provider.stop();
    const media = await fetchMedia(t, url);
    expect(media.status).toBe(200);
    expect(media.contentType).toMatch(/^image\/png/);
    expect(media.body.equals(png)).toBe(true);
  });

  it('a provider that is down fails the run with EXECUTION_FAILED and charges nothing', async () => {
    // The provider server was stopped by the test before.
    const before = await balanceOf(t, s.accountId);
    const res = await s.http
      .post('/api/workflows/chat/run')
      .send({ inputs: { prompt: 'anyone?' } })
      .expect(500);
    expect(res.body).toMatchObject({ code: 'EXECUTION_FAILED', nodeId: 'gen' });
    expect(res.body.error).toMatch(/openai could not be reached: ECONNREFUSED/);
    expect(res.body.error).not.toContain(API_KEY);
    expect(await balanceOf(t, s.accountId)).toBe(before);
  });
});

describe('openai provider against a local compatible server without a key (Ollama, vLLM)', () => {
  let provider: FakeProvider;
  let t: TestApp;
  let s: Session;

  beforeAll(async () => {
    provider = await startFakeProvider((req, res) =>
      sendJson(res, 200, {
        id: 'chatcmpl-local-1',
        choices: [{ message: { role: 'assistant', content: 'Paris.' } }],
        usage: { prompt_tokens: 9, completion_tokens: 2 },
      }),
    );
    t = await startTestApp({
      OPENAI_BASE_URL: `${provider.url}/v1`,
      MODELS_FILE: writeModelsFile([
        modelEntry({
          id: 'llama-local',
          name: 'Llama (local)',
          kind: 'text',
          provider: 'openai',
          settings: { model: 'llama3.2' },
        }),
      ]),
    });
    s = await t.createSession({ tier: 'pro', credits: 10, capabilities: ['workflow:*', 'execution:*'] });
    await createWorkflow(s, sandboxWorkflow('llama-local', {}, 'text', 'ask-local'));
  });
  afterAll(async () => {
    await t.close();
    await provider.stop();
  });

  it('runs a chat workflow end to end with no Authorization header', async () => {
    const models = await s.http.get('/api/models').expect(200);
    expect(models.body.find((m: any) => m.id === 'llama-local').enabled).toBe(true);
    const res = await s.http
      .post('/api/workflows/ask-local/run')
      .send({ inputs: { prompt: 'Capital of France?' } })
      .expect(200);
    expect(res.body).toMatchObject({ success: true, result: 'Paris.', cost: 2 });
    const sent = provider.to('/v1/chat/completions')[0];
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
  });
});
