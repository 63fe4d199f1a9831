import { BUILTIN_MODELS } from '../../models/builtin-models';
import type { ModelEntry } from '../../models/model.types';
import { creditsFor, maxUnitsFor, unitsFor } from './pricing';

const model = (id: string): ModelEntry => BUILTIN_MODELS.find((entry) => entry.id === id)!;

describe('pricing', () => {
  it.each<[string, Record<string, unknown>, number]>([
    ['sandbox-text', {}, 1],
    ['sandbox-image', {}, 1],
    ['sandbox-image', { num_images: 3 }, 3],
    ['sandbox-video', {}, 5],
    ['sandbox-video', { duration: 12 }, 12],
    ['sandbox-audio', {}, 10],
  ])('%s with %j bills %d units', (id, params, units) => expect(unitsFor(model(id), params)).toBe(units));

  it.each<[string, number, number, number]>([
    ['sandbox-video', 5, 0.9, 45],
    ['sandbox-video', 5, 1, 50],
    ['sandbox-video', 5, 0.8, 40],
    ['sandbox-image', 3, 0.9, 11],
    ['sandbox-text', 1, 0.9, 1],
    ['sandbox-audio', 7, 0.9, 13],
  ])('%s × %d units × %d = %d credits', (id, units, multiplier, credits) => {
    expect(creditsFor(model(id), units, multiplier)).toBe(credits);
  });

  it('reserves the largest unit count a computed param could ask for', () => {
    expect(maxUnitsFor(model('sandbox-image'))).toBe(4);
    expect(maxUnitsFor(model('sandbox-video'))).toBe(30);
    expect(maxUnitsFor(model('sandbox-text'))).toBe(1);
  });
});

describe('pricing what the param would refuse', () => {
  it.each<[string, Record<string, unknown>, number]>([
    ['sandbox-image', { num_images: 0.5 }, 4],
    ['sandbox-image', { num_images: 2.5 }, 4],
    ['sandbox-image', { num_images: 5 }, 4],
    ['sandbox-image', { num_images: 1e300 }, 4],
    ['sandbox-image', { num_images: '3' }, 4],
    ['sandbox-video', { duration: -2 }, 30],
  ])('%s with %j is priced at the most it could be (%d), never as written', (id, params, units) => {
    expect(unitsFor(model(id), params)).toBe(units);
  });

  it('a units param without a declared max reserves its default', () => {
    const open: ModelEntry = {
      ...model('sandbox-audio'),
      params: [{ name: 'duration', type: 'integer', min: 1, default: 10 }],
    };
    expect(maxUnitsFor(open)).toBe(10);
    expect(unitsFor(open, { duration: 25 })).toBe(25);
  });
});
