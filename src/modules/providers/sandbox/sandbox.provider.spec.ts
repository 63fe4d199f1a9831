import sharp from 'sharp';
import { BUILTIN_MODELS } from '../../models/builtin-models';
import type { ModelEntry } from '../../models/model.types';
import type { ProviderMedia, ProviderRequest, ProviderSubmission } from '../provider.types';
import { SandboxProvider } from './sandbox.provider';

const model = (id: string): ModelEntry => BUILTIN_MODELS.find((m) => m.id === id)!;

/** A request the way the engine builds one: params with the entry's defaults applied. */
function requestFor(
  id: string,
  inputs: Record<string, unknown>,
  params: Record<string, unknown> = {},
): ProviderRequest {
  const entry = model(id);
  const defaults = Object.fromEntries(
    entry.params.filter((p) => p.default !== undefined).map((p) => [p.name, p.default]),
  );
  return { model: entry, inputs, params: { ...defaults, ...params }, signal: new AbortController().signal };
}

/** The files of a submission that finished at once. */
function mediaOf(submission: ProviderSubmission): ProviderMedia[] {
  if (submission.immediate?.state !== 'succeeded')
    throw new Error(`not finished: ${JSON.stringify(submission.immediate)}`);
  return submission.immediate.output.media ?? [];
}

describe('SandboxProvider', () => {
  const provider = new SandboxProvider();

  it('is the pollable sandbox provider', () => {
    expect(provider.id).toBe('sandbox');
    expect(provider.supportsPolling).toBe(true);
  });

  it('answers text at once, with the prompt in it, deterministically', async () => {
    const request = requestFor('sandbox-text', { prompt: 'hello sandbox world' });
    const submission = await provider.submit(request);
    expect(submission.providerRequestId).toMatch(/^sbx_[0-9a-f-]{36}$/);
    expect(submission.immediate).toEqual({
      state: 'succeeded',
      output: { text: 'sandbox-text: hello sandbox world (3 words; reversed: dlrow xobdnas olleh)' },
    });
    expect((await provider.submit(request)).immediate).toEqual(submission.immediate);
  });

  it('makes num_images PNGs at width × height', async () => {
    const submission = await provider.submit(
      requestFor('sandbox-image', { prompt: 'cat' }, { num_images: 2, width: 100, height: 80 }),
    );
    expect(submission.immediate?.state).toBe('succeeded');
    const media = mediaOf(submission);
    expect(media).toHaveLength(2);
    for (const file of media) {
      expect(file.contentType).toBe('image/png');
      expect(await sharp(file.data).metadata()).toMatchObject({ format: 'png', width: 100, height: 80 });
    }
    expect(media[0].data.equals(media[1].data)).toBe(false);
  });

  it('uses the entry defaults for size (sandbox-image-xl: 1024)', async () => {
    const submission = await provider.submit(requestFor('sandbox-image-xl', { prompt: 'big' }));
    const [file] = mediaOf(submission);
    expect(await sharp(file.data).metadata()).toMatchObject({ width: 1024, height: 1024 });
  });

  it('makes an animated video and a WAV of the requested duration', async () => {
    const video = await provider.submit(
      requestFor('sandbox-video', { prompt: 'sea' }, { duration: 2, width: 64, height: 64 }),
    );
    const [gif] = mediaOf(video);
    expect(gif.contentType).toBe('image/gif');
    expect((await sharp(gif.data, { animated: true }).metadata()).pages).toBeGreaterThan(1);

    const audio = await provider.submit(requestFor('sandbox-audio', { prompt: 'sea' }, { duration: 4 }));
    const [wav] = mediaOf(audio);
    expect(wav.contentType).toBe('audio/wav');
    expect(wav.data.readUInt32LE(40) / (wav.data.readUInt32LE(24) * 2)).toBe(4);
  });

  it('is running until latencyMs has passed, then succeeded; any instance can poll', async () => {
    let now = 1_000_000;
    const clock = () => now;
    const request = requestFor('sandbox-text', { prompt: 'slow' }, { latencyMs: 2500 });
    const submission = await new SandboxProvider(clock).submit(request);
    expect(submission.immediate).toBeUndefined();
    expect(submission.state).toEqual({ startedAt: 1_000_000, readyAt: 1_002_500 });

    // A submission is plain data: another process would see it after a JSON round trip.
    const stored = JSON.parse(JSON.stringify(submission));
    const other = new SandboxProvider(clock);
    expect(await other.poll(stored, request)).toEqual({ state: 'running', retryAfterMs: 1000 });
    now += 2000;
    expect(await other.poll(stored, request)).toEqual({ state: 'running', retryAfterMs: 500 });
    now += 500;
    expect(await other.poll(stored, request)).toEqual({
      state: 'succeeded',
      output: { text: 'sandbox-text: slow (1 words; reversed: wols)' },
    });
  });

  it('fails with the fail message, after the latency', async () => {
    let now = 0;
    const sandbox = new SandboxProvider(() => now);
    const request = requestFor(
      'sandbox-image',
      { prompt: 'x' },
      { fail: 'upstream exploded', latencyMs: 100 },
    );
    const submission = await sandbox.submit(request);
    expect((await sandbox.poll(submission, request)).state).toBe('running');
    now = 100;
    expect(await sandbox.poll(submission, request)).toEqual({
      state: 'failed',
      message: 'upstream exploded',
    });

    const atOnce = await sandbox.submit(requestFor('sandbox-text', { prompt: 'x' }, { fail: 'nope' }));
    expect(atOnce.immediate).toEqual({ state: 'failed', message: 'nope' });
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    const request = {
      ...requestFor('sandbox-text', { prompt: 'x' }, { latencyMs: 1000 }),
      signal: controller.signal,
    };
    const submission = await provider.submit(request);
    controller.abort();
    await expect(provider.poll(submission, request)).rejects.toMatchObject({ name: 'AbortError' });
    await expect(provider.submit(request)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
