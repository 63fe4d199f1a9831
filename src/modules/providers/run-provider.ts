/** Drives one provider call to its end: submit, then poll at the pace the provider asks for. */
import {
  ModelProvider,
  ProviderError,
  ProviderOutput,
  ProviderPoll,
  ProviderRequest,
  ProviderSubmission,
} from './provider.types';

const DEFAULT_RETRY_AFTER_MS = 500;
/** Providers may ask for long waits; a cap keeps a finished run from sitting unnoticed. */
const MAX_RETRY_AFTER_MS = 5000;
/** A floor so a provider answering 0 cannot make us spin. */
const MIN_RETRY_AFTER_MS = 10;

export interface ProviderRunResult {
  output: ProviderOutput;
  providerRequestId: string;
}

/**
 * Resolves with the output, or throws ProviderError with the provider's message when it fails. When
 * `request.signal` aborts, the wait stops at once and the signal's reason is thrown.
 * `onSubmitted` lets the caller record the provider request id before the (possibly long) polling starts.
 */
export async function runToCompletion(
  provider: ModelProvider,
  request: ProviderRequest,
  onSubmitted?: (submission: ProviderSubmission) => void,
): Promise<ProviderRunResult> {
  const submission = await provider.submit(request);
  onSubmitted?.(submission);

  // Poll once straight away: a provider that knows how long it needs says so in retryAfterMs.
  let poll: ProviderPoll = submission.immediate ?? (await provider.poll(submission, request));
  while (poll.state === 'running') {
    await sleep(retryDelay(poll.retryAfterMs), request.signal);
    poll = await provider.poll(submission, request);
  }
  if (poll.state === 'failed') throw new ProviderError(poll.message);
  return { output: poll.output, providerRequestId: submission.providerRequestId };
}

function retryDelay(retryAfterMs: number | undefined): number {
  const wanted = retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, wanted));
}

/** setTimeout that ends early, rejecting with the signal's reason, when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
