/** Why a run stopped, and at which node (API.md §8 error codes for a failed or cancelled execution). */
import type { StepRecord } from './engine.types';

export type StepErrorCode = 'PROVIDER_ERROR' | 'NODE_ERROR' | 'TIMEOUT' | 'CANCELLED';

export class StepError extends Error {
  /** Every step as it ended, so the caller can record the execution and settle billing without a second source. */
  steps: StepRecord[] = [];

  constructor(
    readonly code: StepErrorCode,
    /** The failing node; null when a cancellation arrived while no node was in flight. */
    readonly nodeId: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'StepError';
  }
}
