import type { MediaStore, StoredMedia } from '../../media/media.types';
import { BUILTIN_MODELS } from '../../models/builtin-models';
import type { ModelEntry } from '../../models/model.types';
import { ModelProvider, ProviderError, ProviderRequest } from '../../providers/provider.types';
import type { NodeContext } from '../engine.types';
import { AdvanceModel, ModelHandler } from './model.handler';
import { NodeSuspended } from '../engine.types';
import { buildProviderRequest } from './model-request';

/** Keeps what was stored in memory; enough for a unit test of one handler. */
class InMemoryMediaStore implements MediaStore {
  readonly files = new Map<string, { data: Buffer; contentType: string }>();

  async put(data: Buffer, contentType: string): Promise<StoredMedia> {
    const key = `k${this.files.size + 1}`;
    this.files.set(key, { data, contentType });
    return { key, contentType, url: `https://media.example/${key}` };
  }

  async get(key: string) {
    return this.files.get(key) ?? null;
  }
}

const entry = (kind: ModelEntry['kind']): ModelEntry => ({
  id: `m-${kind}`,
  name: kind,
  kind,
  provider: 'fake',
  minTier: 'pro',
  supportsAsync: true,
  pricing: { unit: 'call', credits: 1 },
  inputs: [
    { name: 'prompt', type: 'text' },
    { name: 'image', type: 'image', required: false },
  ],
  params: [
    { name: 'width', type: 'integer', default: 512 },
    { name: 'height', type: 'integer', default: 512 },
    { name: 'seed', type: 'integer' },
  ],
  enabled: true,
});

const provider: ModelProvider = {
  id: 'fake',
  supportsPolling: true,
  submit: jest.fn(),
  poll: jest.fn(),
};

describe('ModelHandler', () => {
  let store: InMemoryMediaStore;
  let reported: string[];

  beforeEach(() => {
    store = new InMemoryMediaStore();
    reported = [];
  });

  function ctx(
    model: string,
    inputs: Record<string, unknown>,
    params?: Record<string, unknown>,
  ): NodeContext {
    return {
      node: { id: 'gen', type: 'model', data: { model, params } },
      inputs,
      runInputs: {},
      signal: new AbortController().signal,
      services: {
        reportProviderRequestId: (id) => reported.push(id),
        reportUsage: () => undefined,
        priorSubmission: () => undefined,
        reportSubmission: (submission) => reported.push(submission.providerRequestId),
      },
    };
  }

  function handlerFor(model: ModelEntry, runModel: AdvanceModel, maxMediaBytes?: number) {
    return new ModelHandler(
      {
        lookupModel: (id) => (id === model.id ? model : undefined),
        lookupProvider: (id) => (id === 'fake' ? provider : undefined),
        mediaStore: store,
        ...(maxMediaBytes && {
          limits: { maxNodeOutputBytes: 1024, maxResultBytes: 1024, maxMediaBytes },
        }),
      },
      runModel,
    );
  }

  it('refuses a media file over MAX_MEDIA_BYTES without storing anything', async () => {
    const image = entry('image');
    const big = { contentType: 'image/png', data: Buffer.alloc(2048) };
    const handler = handlerFor(
      image,
      async () => ({ state: 'succeeded', output: { media: [big] }, providerRequestId: 'r' }),
      2047,
    );
    await expect(handler.run(ctx(image.id, { prompt: 'p' }))).rejects.toThrow(
      'the image file would be too large: 2048 bytes, over 2047 (MAX_MEDIA_BYTES)',
    );
    expect(store.files.size).toBe(0);
  });

  it('builds the request from connected inputs and layered params, and stores produced media', async () => {
    let seen: ProviderRequest | undefined;
    const runModel: AdvanceModel = async (p, request, _prior, onSubmitted) => {
      expect(p).toBe(provider);
      seen = request;
      onSubmitted({ providerRequestId: 'req-7', submittedAt: Date.now() });
      const png = { contentType: 'image/png', data: Buffer.from('png') };
      return { state: 'succeeded', output: { media: [png, png] }, providerRequestId: 'req-7' };
    };
    const image = entry('image');
    const outputs = await handlerFor(image, runModel).run(
      ctx(
        image.id,
        { prompt: 'a cat', image: [{ kind: 'image', url: 'https://m.example/in.png' }], height: 128 },
        { width: 256, height: 1024 },
      ),
    );

    expect(seen?.inputs).toEqual({ prompt: 'a cat', image: 'https://m.example/in.png' });
    expect(seen?.params).toEqual({ width: 256, height: 128 });
    expect(seen?.model).toBe(image);
    expect(outputs.out).toEqual([
      { kind: 'image', url: 'https://media.example/k1', contentType: 'image/png' },
      { kind: 'image', url: 'https://media.example/k2', contentType: 'image/png' },
    ]);
    expect(store.files.get('k1')?.data.toString()).toBe('png');
    expect(reported).toContain('req-7');
  });

  it('answers text for a text model', async () => {
    const text = entry('text');
    const outputs = await handlerFor(text, async () => ({
      state: 'succeeded',
      output: { text: 'hello' },
      providerRequestId: 'r',
    })).run(ctx(text.id, { prompt: 'hi' }));
    expect(outputs).toEqual({ out: 'hello' });
  });

  it('fails with a ProviderError when the provider produced nothing usable', async () => {
    const video = entry('video');
    const handler = handlerFor(video, async () => ({
      state: 'succeeded',
      output: {},
      providerRequestId: 'r',
    }));
    await expect(handler.run(ctx(video.id, { prompt: 'x' }))).rejects.toBeInstanceOf(ProviderError);
  });

  it('suspends the node while the provider is still working', async () => {
    const text = entry('text');
    const submission = { providerRequestId: 'r', submittedAt: Date.now() };
    const handler = handlerFor(text, async () => ({ state: 'running', retryAfterMs: 250, submission }));
    await expect(handler.run(ctx(text.id, { prompt: 'x' }))).rejects.toEqual(new NodeSuspended(250));
  });

  it('fails on a model that is not available', async () => {
    const handler = handlerFor(entry('text'), jest.fn());
    await expect(handler.run(ctx('gone', {}))).rejects.toThrow('model "gone" is not available');
  });
});

describe('buildProviderRequest', () => {
  const image = BUILTIN_MODELS.find((model) => model.id === 'sandbox-image')!;
  const signal = new AbortController().signal;

  it('layers defaults, static params and connected values', () => {
    const request = buildProviderRequest(image, { width: 128 }, { prompt: 'p', num_images: 3 }, signal);
    expect(request.params).toMatchObject({ num_images: 3, width: 128, height: 512 });
  });

  it('refuses a computed value the param would refuse, before any provider sees it', () => {
    expect(() => buildProviderRequest(image, {}, { prompt: 'p', num_images: '9' }, signal)).toThrow(
      'model "sandbox-image": param "num_images" must be an integer, got a string',
    );
    expect(() => buildProviderRequest(image, { height: 16000 }, { prompt: 'p' }, signal)).toThrow(
      /param "height" must be between 64 and 2048/,
    );
  });
});
