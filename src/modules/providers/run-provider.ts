/**
 * Moves one provider call one step forward: submit it (first pass) or poll it once (later passes, in any process).
 * Nothing here sleeps: a call still running answers when to look again, and the caller decides how to wait (a
 * timer for a sync run, a delayed queue job for an async one).
 */
import {
  ModelProvider,
  ProviderError,
  ProviderOutput,
  ProviderPoll,
  ProviderRequest,
  SubmissionRecord,
} from './provider.types';

const DEFAULT_RETRY_AFTER_MS = 500;
/** Providers may ask for long waits; a cap keeps a finished run from sitting unnoticed. */
const MAX_RETRY_AFTER_MS = 5000;
/** A floor so a provider answering 0 cannot make us spin. */
const MIN_RETRY_AFTER_MS = 10;

export type ProviderStep =
  | { state: 'succeeded'; output: ProviderOutput; providerRequestId: string }
  | { state: 'running'; retryAfterMs: number; submission: SubmissionRecord };

/**
 * Resolves with the output, or with how long to wait before the next step; throws ProviderError with the
 * provider's message when it failed. `onSubmitted` records a new submission before anything else can go wrong,
 * so a crash right after still leaves a submission another process can poll.
 */
export async function advanceProvider(
  provider: ModelProvider,
  request: ProviderRequest,
  prior: SubmissionRecord | undefined,
  onSubmitted: (submission: SubmissionRecord) => void,
): Promise<ProviderStep> {
  let submission = prior;
  let poll: ProviderPoll | undefined;
  if (!submission) {
    const { immediate, ...submitted } = await provider.submit(request);
    submission = { ...submitted, submittedAt: Date.now() };
    onSubmitted(submission);
    poll = immediate;
  }
  // Poll once straight away: a provider that knows how long it needs says so in retryAfterMs.
  poll ??= await provider.poll(submission, request);
  if (poll.state === 'failed') throw new ProviderError(poll.message);
  if (poll.state === 'running')
    return { state: 'running', retryAfterMs: retryDelay(poll.retryAfterMs), submission };
  return { state: 'succeeded', output: poll.output, providerRequestId: submission.providerRequestId };
}

function retryDelay(retryAfterMs: number | undefined): number {
  const wanted = retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, wanted));
}

/** setTimeout that ends early, rejecting with the signal's reason, when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
