import { BUILTIN_MODELS } from './builtin-models';
import { ModelRegistry } from './model-registry';
import type { ModelEntry } from './model.types';

const extra = (id: string, overrides: Partial<ModelEntry> = {}): ModelEntry => ({
  id,
  name: id,
  kind: 'text',
  provider: 'openai-compatible',
  minTier: 'pro',
  supportsAsync: false,
  pricing: { unit: 'call', credits: 2 },
  inputs: [{ name: 'prompt', type: 'text', required: true }],
  params: [],
  enabled: true,
  ...overrides,
});

describe('ModelRegistry', () => {
  it('holds the built-ins', () => {
    const registry = new ModelRegistry(BUILTIN_MODELS);
    expect(registry.list().map((m) => m.id)).toEqual([
      'sandbox-text',
      'sandbox-image',
      'sandbox-video',
      'sandbox-audio',
      'sandbox-image-xl',
    ]);
  });

  it('lets an extra entry replace a built-in in place and adds new ones at the end', () => {
    const registry = new ModelRegistry(BUILTIN_MODELS, [
      extra('gpt-mini'),
      extra('sandbox-text', { name: 'Replaced', provider: 'sandbox' }),
    ]);
    expect(registry.get('sandbox-text')?.name).toBe('Replaced');
    expect(registry.list().map((m) => m.id)).toEqual([
      'sandbox-text',
      'sandbox-image',
      'sandbox-video',
      'sandbox-audio',
      'sandbox-image-xl',
      'gpt-mini',
    ]);
  });

  it('hides disabled entries from get and list but not from getAny', () => {
    const registry = new ModelRegistry(BUILTIN_MODELS, [extra('sandbox-audio', { enabled: false })]);
    expect(registry.get('sandbox-audio')).toBeUndefined();
    expect(registry.list().some((m) => m.id === 'sandbox-audio')).toBe(false);
    expect(registry.getAny('sandbox-audio')?.enabled).toBe(false);
  });

  it('answers undefined for unknown ids', () => {
    const registry = new ModelRegistry(BUILTIN_MODELS);
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.getAny('nope')).toBeUndefined();
  });
});
