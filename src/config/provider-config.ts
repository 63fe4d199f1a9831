/**
 * The provider adapters' configuration (API.md §6): base URLs and credentials under the names the providers'
 * own SDKs read, the limits every provider call runs under, and the environment itself for `http-task`
 * entries, which name their own variables (`settings.baseUrlEnv`, `settings.apiKeyEnv`).
 */
import { Env, int, optionalStr, url } from './env-parsers';

export interface ProviderCallLimits {
  /** PROVIDER_CONNECT_TIMEOUT_SECONDS: time to open a connection to the provider. */
  connectTimeoutMs: number;
  /** PROVIDER_TIMEOUT_SECONDS: the most one provider call may take, its retries and their waits included. */
  totalTimeoutMs: number;
  /** PROVIDER_MAX_RETRIES: retries after a 429, a 5xx or a network error (never after another 4xx). */
  maxRetries: number;
}

export interface ProviderConfig {
  openai: { baseUrl: string; apiKey?: string };
  anthropic: { baseUrl: string; apiKey?: string };
  fal: { baseUrl: string; apiKey?: string };
  limits: ProviderCallLimits;
  /** Read only for the variables an `http-task` registry entry names. */
  env: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
export const DEFAULT_FAL_BASE_URL = 'https://queue.fal.run';

const HTTP = ['http:', 'https:'];
const trimSlash = (value: string) => value.replace(/\/+$/, '');

export function loadProviderConfig(env: Env): ProviderConfig {
  return {
    openai: {
      baseUrl: trimSlash(url(env, 'OPENAI_BASE_URL', HTTP) ?? DEFAULT_OPENAI_BASE_URL),
      apiKey: optionalStr(env, 'OPENAI_API_KEY'),
    },
    anthropic: {
      baseUrl: trimSlash(url(env, 'ANTHROPIC_BASE_URL', HTTP) ?? DEFAULT_ANTHROPIC_BASE_URL),
      apiKey: optionalStr(env, 'ANTHROPIC_API_KEY'),
    },
    fal: {
      baseUrl: trimSlash(url(env, 'FAL_BASE_URL', HTTP) ?? DEFAULT_FAL_BASE_URL),
      apiKey: optionalStr(env, 'FAL_KEY'),
    },
    limits: {
      connectTimeoutMs: int(env, 'PROVIDER_CONNECT_TIMEOUT_SECONDS', 10, 1, 300) * 1000,
      totalTimeoutMs: int(env, 'PROVIDER_TIMEOUT_SECONDS', 300, 1, 3600) * 1000,
      maxRetries: int(env, 'PROVIDER_MAX_RETRIES', 2, 0, 10),
    },
    env: { ...env },
  };
}
