import { BUILTIN_MODELS } from '../models/builtin-models';
import type {
  ModelProvider,
  ProviderPoll,
  ProviderRequest,
  ProviderSubmission,
  SubmissionRecord,
} from './provider.types';
import { ProviderError } from './provider.types';
import { advanceProvider, sleep } from './run-provider';
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

describe('advanceProvider', () => {
  it('returns an immediate result without polling, after recording the submission', async () => {
    const seen: SubmissionRecord[] = [];
    const step = await advanceProvider(new SandboxProvider(), request({}), undefined, (s) => seen.push(s));
    expect(step.state).toBe('succeeded');
    if (step.state !== 'succeeded') return;
    expect(step.output.text).toContain('hi');
    expect(step.providerRequestId).toMatch(/^sbx_/);
    expect(seen[0].providerRequestId).toBe(step.providerRequestId);
    expect(seen[0]).not.toHaveProperty('immediate');
  });

  it('answers running with the submission for a slow run, then succeeds from that submission later', async () => {
    const seen: SubmissionRecord[] = [];
    const first = await advanceProvider(new SandboxProvider(), request({ latencyMs: 200 }), undefined, (s) =>
      seen.push(s),
    );
    expect(first).toMatchObject({ state: 'running', submission: seen[0] });
    if (first.state !== 'running') return;
    expect(first.retryAfterMs).toBeGreaterThan(0);
    expect(first.retryAfterMs).toBeLessThanOrEqual(200);
    await sleep(220);
    // A later pass (in any process) polls the stored submission; nothing is submitted again.
    const stored = JSON.parse(JSON.stringify(first.submission)) as SubmissionRecord;
    const second = await advanceProvider(new SandboxProvider(), request({ latencyMs: 200 }), stored, () =>
      seen.push(stored),
    );
    expect(second.state).toBe('succeeded');
    expect(seen).toHaveLength(1);
  });

  it('throws ProviderError with the provider message when the run fails', async () => {
    const failing = advanceProvider(
      new SandboxProvider(),
      request({ fail: 'model overloaded' }),
      undefined,
      () => {},
    );
    await expect(failing).rejects.toThrow(new ProviderError('model overloaded'));
  });

  it("passes the provider's retryAfterMs on, 500 ms when unset, and bounds it", async () => {
    const provider = new ScriptedProvider([
      { state: 'running', retryAfterMs: 50 },
      { state: 'running' },
      { state: 'running', retryAfterMs: 0 },
      { state: 'running', retryAfterMs: 3_600_000 },
    ]);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const step = await advanceProvider(
        provider,
        request({}),
        { providerRequestId: 'req_1', submittedAt: 0 },
        () => {},
      );
      if (step.state === 'running') waits.push(step.retryAfterMs);
    }
    expect(waits).toEqual([50, 500, 10, 5000]);
  });
});

describe('sleep', () => {
  it('stops waiting as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    await expect(sleep(60_000, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
