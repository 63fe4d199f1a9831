import { DynamicModule, Module, Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../../config/app-config';
import { ConfigModule } from '../../config/config.module';
import { LocalMediaStore } from '../media/local-media.store';
import { MediaFetcher } from '../media/media-fetcher';
import { MEDIA_STORE, MediaStore } from '../media/media.types';
import { mediaKeyFromUrl } from '../media/media-url';
import { BUILTIN_MODELS } from '../models/builtin-models';
import { ModelRegistry } from '../models/model-registry';
import { ProviderRegistry } from '../providers/provider-registry';
import { SandboxProvider } from '../providers/sandbox/sandbox.provider';
import type { WorkflowGraph } from '../workflows/workflow.types';
import { EngineModule } from './engine.module';
import { StepError } from './step-error';
import { WorkflowEngine } from './workflow-engine.service';

const BASE = 'https://flowgate.example';

/** prompt → sandbox-image → thumbnail (webp, 32 px) → `thumb`; prompt → template → sandbox-text → `caption`. */
function pipeline(imageParams: Record<string, unknown> = {}): WorkflowGraph {
  return {
    nodes: [
      {
        id: 'in',
        type: 'request-input',
        data: { fields: [{ name: 'prompt', type: 'text', required: true }] },
      },
      {
        id: 'draw',
        type: 'model',
        data: { model: 'sandbox-image', params: { width: 64, height: 64, ...imageParams } },
      },
      {
        id: 'thumb',
        type: 'image-transform',
        data: {
          ops: [
            { op: 'resize', width: 32 },
            { op: 'format', format: 'webp', quality: 70 },
          ],
        },
      },
      { id: 'ask', type: 'template', data: { template: 'Describe {{prompt}}' } },
      { id: 'write', type: 'model', data: { model: 'sandbox-text' } },
      { id: 'out-image', type: 'response-output', data: { type: 'image', name: 'thumb' } },
      { id: 'out-text', type: 'response-output', data: { type: 'text', name: 'caption' } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourceHandle: 'prompt', target: 'draw', targetHandle: 'prompt' },
      { id: 'e2', source: 'draw', sourceHandle: 'out', target: 'thumb', targetHandle: 'image' },
      { id: 'e3', source: 'thumb', sourceHandle: 'image', target: 'out-image', targetHandle: 'value' },
      { id: 'e4', source: 'in', sourceHandle: 'prompt', target: 'ask', targetHandle: 'prompt' },
      { id: 'e5', source: 'ask', sourceHandle: 'text', target: 'write', targetHandle: 'prompt' },
      { id: 'e6', source: 'write', sourceHandle: 'out', target: 'out-text', targetHandle: 'value' },
    ],
  };
}

/**
 * The engine's dependencies built from the real classes. The app wires them through the media, models and
 * providers modules; building them here keeps this spec about the engine, not about those modules' wiring.
 */
function engineDeps(dataDir: string): DynamicModule {
  const store = new LocalMediaStore(dataDir, BASE);
  const strict = { allowPrivate: false, allowHttp: false };
  const providers: Provider[] = [
    { provide: MEDIA_STORE, useValue: store },
    { provide: MediaFetcher, useValue: new MediaFetcher(store, BASE, strict) },
    { provide: ModelRegistry, useValue: new ModelRegistry(BUILTIN_MODELS) },
    { provide: ProviderRegistry, useValue: new ProviderRegistry().register(new SandboxProvider()) },
  ];
  return {
    module: EngineDepsModule,
    providers,
    exports: [MEDIA_STORE, MediaFetcher, ModelRegistry, ProviderRegistry],
  };
}

@Module({})
class EngineDepsModule {}

describe('WorkflowEngine (EngineModule with the real store, registry and sandbox provider)', () => {
  let dataDir: string;
  let engine: WorkflowEngine;
  let store: MediaStore;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'flowgate-engine-'));
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(loadConfig({})),
        EngineModule.register({ imports: [engineDeps(dataDir)] }),
      ],
    }).compile();
    engine = moduleRef.get(WorkflowEngine);
    store = moduleRef.get(MEDIA_STORE);
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('runs a workflow of every node kind and shapes both outputs', async () => {
    const { result, steps } = await engine.run(
      pipeline(),
      { prompt: 'a red fox' },
      { nodeTimeoutMs: 30_000 },
    );

    const { thumb, caption } = result as { thumb: { images: string[] }; caption: string };
    expect(typeof caption).toBe('string');
    expect(caption.length).toBeGreaterThan(0);
    expect(thumb.images).toHaveLength(1);
    const stored = await store.get(mediaKeyFromUrl(thumb.images[0], BASE)!);
    expect(await sharp(stored!.data).metadata()).toMatchObject({ format: 'webp', width: 32, height: 32 });

    const draw = steps.find((step) => step.nodeId === 'draw')!;
    expect(draw).toMatchObject({ status: 'completed', model: 'sandbox-image', cost: 0, grant: false });
    expect(draw.providerRequestId).toMatch(/^sbx_/);
    expect(steps.every((step) => step.status === 'completed')).toBe(true);
  });

  it('fails with PROVIDER_ERROR at the model node the provider failed', async () => {
    const err = await engine
      .run(pipeline({ fail: 'no foxes today' }), { prompt: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepError);
    expect(err).toMatchObject({ code: 'PROVIDER_ERROR', nodeId: 'draw', message: 'no foxes today' });
  });

  it('pauses on a polling model node with its submission, and a cancelled pass cancels it, keeping its id', async () => {
    const graph = pipeline({ latencyMs: 60_000 });
    const first = await engine.run(graph, { prompt: 'x' });
    expect(first.suspended?.retryAfterMs).toBeGreaterThan(0);
    const waiting = first.steps.find((step) => step.nodeId === 'draw')!;
    expect(waiting.status).toBe('running');
    expect(waiting.providerRequestId).toMatch(/^sbx_/);
    expect(first.progress.submissions.draw.providerRequestId).toBe(waiting.providerRequestId);

    const controller = new AbortController();
    controller.abort();
    const resume = JSON.parse(JSON.stringify({ steps: first.steps, progress: first.progress }));
    const err = (await engine
      .run(graph, { prompt: 'x' }, { signal: controller.signal, resume })
      .catch((e: unknown) => e)) as StepError;

    expect(err).toMatchObject({ code: 'CANCELLED' });
    const draw = err.steps.find((step) => step.nodeId === 'draw')!;
    expect(draw.status).toBe('cancelled');
    expect(draw.providerRequestId).toBe(waiting.providerRequestId);
  });

  it('trusts kept outputs over steps written a moment before them (a process died between the two)', async () => {
    const graph = pipeline({});
    const done = await engine.run(graph, { prompt: 'x' });
    const kept = JSON.parse(JSON.stringify({ steps: done.steps, progress: done.progress }));
    // The last step write lagged behind the outputs: every output is kept, yet two steps still say pending.
    for (const step of kept.steps.slice(-2)) step.status = 'pending';
    const resumed = await engine.run(graph, { prompt: 'x' }, { resume: kept });
    expect(resumed.suspended).toBeUndefined();
    expect(resumed.result).toEqual(done.result);
    expect(resumed.steps.every((step) => step.status === 'completed' || step.status === 'skipped')).toBe(
      true,
    );
  });

  it('resumes a paused run in a later pass without submitting again', async () => {
    const graph = pipeline({ latencyMs: 150 });
    const first = await engine.run(graph, { prompt: 'x' });
    expect(first.suspended).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const resume = JSON.parse(JSON.stringify({ steps: first.steps, progress: first.progress }));
    const submitted = resume.progress.submissions.draw.providerRequestId;
    const second = await engine.run(graph, { prompt: 'x' }, { resume });
    expect(second.suspended).toBeUndefined();
    const draw = second.steps.find((step) => step.nodeId === 'draw')!;
    expect(draw).toMatchObject({
      status: 'completed',
      providerRequestId: submitted,
    });
    expect(draw.startedAt).toBe(first.steps.find((step) => step.nodeId === 'draw')!.startedAt);
    expect(draw.durationMs).toBeGreaterThanOrEqual(150);
  });
});
