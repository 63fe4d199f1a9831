/** Decides what a node's rejection means for the run (API.md §8 codes). Pure. */
import { ProviderError } from '../providers/provider.types';
import { StepError, StepErrorCode } from './step-error';

export interface NodeSignals {
  /** The caller's signal: a cancel of the whole run. */
  run?: AbortSignal;
  /** Aborted by the runner when another node failed first. */
  halted: Pick<AbortSignal, 'aborted'>;
  /** This node's own deadline. */
  timeout?: AbortSignal;
}

/**
 * The code of a node failure, or 'SIBLING_FAILED' when this node only stopped because another node failed
 * first. Signals are checked before the error: a handler aborted by a signal throws whatever its library
 * throws (an AbortError, a ProviderError wrapping it...), and the signal is what tells the true cause.
 */
export function failureCode(err: unknown, signals: NodeSignals): StepErrorCode | 'SIBLING_FAILED' {
  if (signals.run?.aborted) return 'CANCELLED';
  if (signals.halted.aborted) return 'SIBLING_FAILED';
  if (signals.timeout?.aborted) return 'TIMEOUT';
  if (err instanceof StepError) return err.code;
  if (err instanceof ProviderError) return 'PROVIDER_ERROR';
  return 'NODE_ERROR';
}

/** Longest failure message kept: it is stored twice (step and execution) and answered; providers write freely. */
export const MAX_FAILURE_MESSAGE_LENGTH = 1000;

export function failureMessage(code: StepErrorCode, err: unknown, timeoutMs?: number): string {
  if (code === 'CANCELLED') return 'the run was cancelled';
  if (code === 'TIMEOUT') return `the node did not finish within ${timeoutMs} ms`;
  const message = err instanceof Error ? err.message : String(err);
  return message.length > MAX_FAILURE_MESSAGE_LENGTH
    ? `${message.slice(0, MAX_FAILURE_MESSAGE_LENGTH - 1)}…`
    : message;
}
