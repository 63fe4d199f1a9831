import { BUILTIN_MODELS } from './builtin-models';
import { parseModelEntries } from './models-file';

const byId = (id: string) => BUILTIN_MODELS.find((m) => m.id === id)!;
const param = (id: string, name: string) => byId(id).params.find((p) => p.name === name);

describe('BUILTIN_MODELS (API.md §12)', () => {
  it.each([
    ['sandbox-text', 'text', false, 'pro', 'call', 1],
    ['sandbox-image', 'image', true, 'pro', 'image', 4],
    ['sandbox-video', 'video', true, 'business', 'second', 10],
    ['sandbox-audio', 'audio', true, 'pro', 'second', 2],
    ['sandbox-image-xl', 'image', true, 'enterprise', 'image', 8],
  ])('%s: %s, async %s, %s, %s × %d', (id, kind, supportsAsync, minTier, unit, credits) => {
    expect(byId(id)).toMatchObject({
      kind,
      supportsAsync,
      minTier,
      pricing: { unit, credits },
      provider: 'sandbox',
    });
    expect(byId(id).enabled).toBe(true);
  });

  it('gives every sandbox model latencyMs and fail, and a required prompt', () => {
    for (const entry of BUILTIN_MODELS) {
      expect(param(entry.id, 'latencyMs')).toMatchObject({
        type: 'integer',
        min: 0,
        max: 600000,
        default: 0,
      });
      expect(param(entry.id, 'fail')).toMatchObject({ type: 'string' });
      expect(entry.inputs.find((i) => i.name === 'prompt')).toMatchObject({ type: 'text', required: true });
    }
  });

  it('has the documented ranges and defaults', () => {
    expect(param('sandbox-image', 'num_images')).toMatchObject({ min: 1, max: 4, default: 1 });
    expect(param('sandbox-image', 'width')).toMatchObject({ min: 64, max: 2048, default: 512 });
    expect(param('sandbox-image-xl', 'height')).toMatchObject({ min: 64, max: 2048, default: 1024 });
    expect(param('sandbox-video', 'duration')).toMatchObject({ min: 1, max: 30, default: 5 });
    expect(param('sandbox-audio', 'duration')).toMatchObject({ min: 1, max: 60, default: 10 });
  });

  it('passes the same checks as a MODELS_FILE', () => {
    expect(parseModelEntries(BUILTIN_MODELS)).toEqual(BUILTIN_MODELS);
  });
});
