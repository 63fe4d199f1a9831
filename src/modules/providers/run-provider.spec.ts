import { BUILTIN_MODELS } from '../models/builtin-models';
import type { ModelProvider, ProviderPoll, ProviderRequest, ProviderSubmission } from './provider.types';
import { ProviderError } from './provider.types';
import { runToCompletion } from './run-provider';
import { SandboxProvider } from './sandbox/sandbox.provider';

const textModel = BUILTIN_MODELS.find((m) => m.id === 'sandbox-text')!;
const request = (
  params: Record<string, unknown>,
  signal = new AbortController().signal,
): ProviderRequest => ({
  model: textModel,
  inputs: { prompt: 'hi' },
  params: { latencyMs: 0, ...params },
  signal,
});

/** A provider that answers a fixed script of polls, to watch how the runner paces itself. */
class ScriptedProvider implements ModelProvider {
  readonly id = 'scripted';
  readonly supportsPolling = true;
  readonly pollTimes: number[] = [];

  constructor(private readonly script: ProviderPoll[]) {}

  async submit(): Promise<ProviderSubmission> {
    return { providerRequestId: 'req_1' };
  }

  async poll(): Promise<ProviderPoll> {
    this.pollTimes.push(Date.now());
    return this.script.shift()!;
  }
}

describe('runToCompletion', () => {
  it('returns an immediate result without polling', async () => {
    const seen: ProviderSubmission[] = [];
    const result = await runToCompletion(new SandboxProvider(), request({}), (s) => seen.push(s));
    expect(result.output.text).toContain('hi');
    expect(result.providerRequestId).toMatch(/^sbx_/);
    expect(seen[0].providerRequestId).toBe(result.providerRequestId);
  });

  it('polls a slow sandbox run until it succeeds', async () => {
    const started = Date.now();
    const result = await runToCompletion(new SandboxProvider(), request({ latencyMs: 300 }));
    expect(result.output.text).toContain('sandbox-text: hi');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('throws ProviderError with the provider message when the run fails', async () => {
    const failing = runToCompletion(
      new SandboxProvider(),
      request({ latencyMs: 50, fail: 'model overloaded' }),
    );
    await expect(failing).rejects.toThrow(new ProviderError('model overloaded'));
  });

  it('waits retryAfterMs between polls, 500 ms when unset', async () => {
    const provider = new ScriptedProvider([
      { state: 'running', retryAfterMs: 50 },
      { state: 'running' },
      { state: 'succeeded', output: { text: 'done' } },
    ]);
    const result = await runToCompletion(provider, request({}));
    expect(result).toEqual({ output: { text: 'done' }, providerRequestId: 'req_1' });
    const [first, second, third] = provider.pollTimes;
    expect(second - first).toBeGreaterThanOrEqual(45);
    expect(third - second).toBeGreaterThanOrEqual(490);
  });

  it('stops waiting as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const provider = new ScriptedProvider([{ state: 'running', retryAfterMs: 60_000 }]);
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    await expect(runToCompletion(provider, request({}, controller.signal))).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
