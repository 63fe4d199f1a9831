import { loadProviderConfig } from '../../config/provider-config';
import type { ModelEntry } from '../models/model.types';
import { providerAvailability } from './provider-availability';

const entry = (provider: string, settings?: Record<string, unknown>) =>
  ({ id: `m-${provider}`, provider, settings }) as ModelEntry;

describe('providerAvailability', () => {
  it('names the missing credential of each provider', () => {
    const none = providerAvailability(loadProviderConfig({}));
    expect(none.missingSetting(entry('sandbox'))).toBeUndefined();
    expect(none.missingSetting(entry('openai'))).toBe('OPENAI_API_KEY');
    expect(none.missingSetting(entry('anthropic'))).toBe('ANTHROPIC_API_KEY');
    expect(none.missingSetting(entry('fal'))).toBe('FAL_KEY');
    expect(none.missingSetting(entry('http-task', { baseUrlEnv: 'TASKS_URL' }))).toBe('TASKS_URL');
    expect(none.missingSetting(entry('http-task'))).toBe('settings.baseUrlEnv of model "m-http-task"');
    expect(none.missingSetting(entry('replicate'))).toBe('an adapter for provider "replicate"');
  });

  it('needs no OpenAI key for a server of ones own, and reads http-task variables from the environment', () => {
    const some = providerAvailability(
      loadProviderConfig({
        OPENAI_BASE_URL: 'http://localhost:11434/v1',
        ANTHROPIC_API_KEY: 'k',
        FAL_KEY: 'k',
        TASKS_URL: 'http://tasks',
      }),
    );
    expect(some.missingSetting(entry('openai'))).toBeUndefined();
    expect(some.missingSetting(entry('anthropic'))).toBeUndefined();
    expect(some.missingSetting(entry('fal'))).toBeUndefined();
    expect(some.missingSetting(entry('http-task', { baseUrlEnv: 'TASKS_URL' }))).toBeUndefined();
    expect(some.missingSetting(entry('http-task', { baseUrlEnv: 'TASKS_URL', apiKeyEnv: 'TASKS_KEY' }))).toBe(
      'TASKS_KEY',
    );
  });

  it('knows which providers can be polled', () => {
    const availability = providerAvailability(loadProviderConfig({}));
    expect(['sandbox', 'fal', 'http-task'].every((id) => availability.canPoll(id))).toBe(true);
    expect(availability.canPoll('openai')).toBe(false);
    expect(availability.canPoll('anthropic')).toBe(false);
  });
});
