/**
 * The sandbox provider: offline, deterministic, and pollable without shared memory. Everything a poll needs is
 * in the submission (`readyAt`) and the request, so any process (API or worker) can poll a run it did not start.
 */
import { randomUUID } from 'node:crypto';
import type { ModelProvider, ProviderPoll, ProviderRequest, ProviderSubmission } from '../provider.types';
import { makeSandboxOutput } from './sandbox-output';

export const SANDBOX_PROVIDER_ID = 'sandbox';

/** Polls are asked to come back at least this often, so a finished run is noticed quickly. */
const MAX_RETRY_AFTER_MS = 1000;

export class SandboxProvider implements ModelProvider {
  readonly id = SANDBOX_PROVIDER_ID;
  readonly supportsPolling = true;

  constructor(private readonly now: () => number = Date.now) {}

  async submit(request: ProviderRequest): Promise<ProviderSubmission> {
    request.signal.throwIfAborted();
    const startedAt = this.now();
    const latencyMs = Math.max(0, Number(request.params.latencyMs ?? 0));
    const submission: ProviderSubmission = {
      providerRequestId: `sbx_${randomUUID()}`,
      state: { startedAt, readyAt: startedAt + latencyMs },
    };
    if (latencyMs === 0) submission.immediate = await this.finish(request);
    return submission;
  }

  async poll(submission: ProviderSubmission, request: ProviderRequest): Promise<ProviderPoll> {
    request.signal.throwIfAborted();
    const readyAt = Number(submission.state?.readyAt ?? 0);
    const remaining = readyAt - this.now();
    if (remaining > 0) return { state: 'running', retryAfterMs: Math.min(remaining, MAX_RETRY_AFTER_MS) };
    return this.finish(request);
  }

  private async finish(request: ProviderRequest): Promise<ProviderPoll> {
    const fail = request.params.fail;
    if (typeof fail === 'string' && fail !== '') return { state: 'failed', message: fail };
    const output = await makeSandboxOutput(request);
    request.signal.throwIfAborted();
    return { state: 'succeeded', output };
  }
}
