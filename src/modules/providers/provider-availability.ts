/**
 * Which registry entries this server can run, from the provider configuration alone (API.md §6): an entry whose
 * provider lacks its credentials is listed `enabled: false` and refused before anything is reserved.
 */
import { DEFAULT_OPENAI_BASE_URL, ProviderConfig } from '../../config/provider-config';
import type { ModelAvailability } from '../models/model-availability';
import type { ModelEntry } from '../models/model.types';
import { ANTHROPIC_PROVIDER_ID } from './anthropic/anthropic.provider';
import { FAL_PROVIDER_ID } from './fal/fal.provider';
import { HTTP_TASK_PROVIDER_ID } from './http-task/http-task.provider';
import { OPENAI_PROVIDER_ID } from './openai/openai.provider';
import { SANDBOX_PROVIDER_ID } from './sandbox/sandbox.provider';

const POLLABLE = new Set([SANDBOX_PROVIDER_ID, FAL_PROVIDER_ID, HTTP_TASK_PROVIDER_ID]);

export function providerAvailability(config: ProviderConfig): ModelAvailability {
  return {
    missingSetting: (entry) => missingSetting(entry, config),
    canPoll: (providerId) => POLLABLE.has(providerId),
  };
}

function missingSetting(entry: ModelEntry, config: ProviderConfig): string | undefined {
  switch (entry.provider) {
    case SANDBOX_PROVIDER_ID:
      return undefined;
    case OPENAI_PROVIDER_ID:
      // A compatible server of one's own (Ollama, vLLM) usually takes no key; api.openai.com always does.
      return !config.openai.apiKey && config.openai.baseUrl === DEFAULT_OPENAI_BASE_URL
        ? 'OPENAI_API_KEY'
        : undefined;
    case ANTHROPIC_PROVIDER_ID:
      return config.anthropic.apiKey ? undefined : 'ANTHROPIC_API_KEY';
    case FAL_PROVIDER_ID:
      return config.fal.apiKey ? undefined : 'FAL_KEY';
    case HTTP_TASK_PROVIDER_ID:
      return missingTaskSetting(entry, config.env);
    default:
      return `an adapter for provider "${entry.provider}"`;
  }
}

function missingTaskSetting(entry: ModelEntry, env: ProviderConfig['env']): string | undefined {
  const { baseUrlEnv, apiKeyEnv } = (entry.settings ?? {}) as { baseUrlEnv?: unknown; apiKeyEnv?: unknown };
  if (typeof baseUrlEnv !== 'string' || baseUrlEnv === '')
    return `settings.baseUrlEnv of model "${entry.id}"`;
  if (!env[baseUrlEnv]) return baseUrlEnv;
  if (typeof apiKeyEnv === 'string' && apiKeyEnv !== '' && !env[apiKeyEnv]) return apiKeyEnv;
  return undefined;
}
