/**
 * The provider interface. One shape fits both kinds of provider:
 *  - one-shot providers do the work in `submit` and answer with `immediate`;
 *  - submit-then-poll providers answer `submit` with a provider request id and are polled until done.
 * A submission is plain data (JSON-serialisable) so a queue worker in another process can keep polling it.
 */
import type { ModelEntry } from '../models/model.types';

export interface ProviderRequest {
  model: ModelEntry;
  /** Values for the entry's `inputs` (text, media URLs, JSON). */
  inputs: Record<string, unknown>;
  /** Values for the entry's `params`, defaults already applied. */
  params: Record<string, unknown>;
  signal: AbortSignal;
}

/** A media file a provider made, as bytes; the engine stores it and answers with a URL it serves. */
export interface ProviderMedia {
  contentType: string;
  data: Buffer;
}

/** What the provider reports it used (API.md §8 `usage`), recorded on the step and priced where the unit needs it. */
export interface ProviderUsage {
  inputTokens?: number;
  outputTokens?: number;
  images?: number;
  seconds?: number;
}

export interface ProviderOutput {
  /** For text models. */
  text?: string;
  /** For image, video and audio models: one entry per produced file. */
  media?: ProviderMedia[];
  usage?: ProviderUsage;
}

export type ProviderPoll =
  | { state: 'running'; retryAfterMs?: number }
  | { state: 'succeeded'; output: ProviderOutput }
  | { state: 'failed'; message: string };

export interface ProviderSubmission {
  providerRequestId: string;
  /** Set by one-shot providers (and by polling providers that finished at once). */
  immediate?: ProviderPoll;
  /** Opaque provider state needed to poll later (must be JSON-serialisable). */
  state?: Record<string, unknown>;
}

/** A submission as kept with the execution between passes: when it was made, for the node's deadline. */
export type SubmissionRecord = Omit<ProviderSubmission, 'immediate'> & { submittedAt: number };

export interface ModelProvider {
  /** Matches `ModelEntry.provider`. */
  readonly id: string;
  /** True when runs can be submitted and polled later (required for async runs). */
  readonly supportsPolling: boolean;
  submit(request: ProviderRequest): Promise<ProviderSubmission>;
  poll(submission: ProviderSubmission, request: ProviderRequest): Promise<ProviderPoll>;
  /** Asks the provider to stop work it accepted (a cancelled run), where it has such a call. Best effort. */
  cancel?(submission: ProviderSubmission, model: ModelEntry): Promise<void>;
}

/** A provider failure with the provider's message; maps to step error code PROVIDER_ERROR. */
export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderError';
  }
}
