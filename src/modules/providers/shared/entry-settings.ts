/** Reading a registry entry's `settings` (API.md §6) for an adapter: the upstream model name and extra fields. */
import type { ModelEntry } from '../../models/model.types';
import { ProviderError } from '../provider.types';

export function upstreamModel(entry: ModelEntry): string {
  const model = entry.settings?.model;
  if (typeof model !== 'string' || model === '')
    throw new ProviderError(`model "${entry.id}" has no settings.model (the provider's model name)`);
  return model;
}

/** `settings.extraBody`: fields the operator wants in every request body of this entry (e.g. `max_tokens`). */
export function extraBody(entry: ModelEntry): Record<string, unknown> {
  const extra = entry.settings?.extraBody;
  return typeof extra === 'object' && extra !== null && !Array.isArray(extra)
    ? (extra as Record<string, unknown>)
    : {};
}

export function stringSetting(entry: ModelEntry, name: string): string | undefined {
  const value = entry.settings?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The `prompt` input of a text model, the single user message (API.md §6). */
export function promptOf(inputs: Record<string, unknown>, entry: ModelEntry): string {
  const prompt = inputs.prompt;
  if (typeof prompt !== 'string') throw new ProviderError(`model "${entry.id}" needs a text "prompt" input`);
  return prompt;
}

/** A count the provider reported, when it is one. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** One-shot providers finish inside `submit`; a poll only happens when a process died mid-call. */
export function notPollable(provider: string): ProviderError {
  return new ProviderError(`the ${provider} call was interrupted before it answered and cannot be resumed`);
}
