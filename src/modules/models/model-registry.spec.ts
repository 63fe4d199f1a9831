import { BUILTIN_MODELS } from './builtin-models';
import { assertModelsConfigured } from './model-availability';
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

describe('ModelRegistry availability', () => {
  const availability = {
    missingSetting: (entry: ModelEntry) => (entry.provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : undefined),
    canPoll: (provider: string) => provider !== 'anthropic',
  };
  const registry = new ModelRegistry(
    [],
    [
      extra('claude', { provider: 'anthropic', supportsAsync: true }),
      extra('flux', { provider: 'fal', supportsAsync: true }),
    ],
    availability,
  );

  it('lists an unconfigured entry as enabled: false, and keeps it runnable by id for the 400', () => {
    expect(registry.catalogue().map((e) => [e.id, e.enabled])).toEqual([
      ['claude', false],
      ['flux', true],
    ]);
    expect(registry.get('claude')).toBeDefined();
    expect(registry.missingSetting('claude')).toBe('ANTHROPIC_API_KEY');
    expect(registry.missingSetting('flux')).toBeUndefined();
  });

  it('turns async off for a provider that cannot be polled', () => {
    expect(registry.get('claude')?.supportsAsync).toBe(false);
    expect(registry.get('flux')?.supportsAsync).toBe(true);
  });

  it('refuses a graph naming an unconfigured model with INVALID_WORKFLOW, model and setting', () => {
    const nodes = [
      { id: 'a', type: 'request-input', data: {} },
      { id: 'b', type: 'model', data: { model: 'claude' } },
    ] as never;
    expect(() => assertModelsConfigured({ nodes }, (id) => registry.missingSetting(id))).toThrow(
      expect.objectContaining({
        code: 'INVALID_WORKFLOW',
        context: expect.objectContaining({ model: 'claude', missingSetting: 'ANTHROPIC_API_KEY' }),
      }),
    );
    expect(() =>
      assertModelsConfigured(
        { nodes: [{ id: 'b', type: 'model', data: { model: 'flux' } }] as never },
        (id) => registry.missingSetting(id),
      ),
    ).not.toThrow();
  });
});
