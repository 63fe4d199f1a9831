import type { ModelEntry } from '../../models/model.types';

const DEFAULT_UNITS_PARAM = { image: 'num_images', second: 'duration' } as const;

/** Units a model call is billed for (API.md §8): 1 per call, images requested, or seconds requested. */
export function unitsFor(entry: ModelEntry, params: Record<string, unknown>): number {
  const { unit } = entry.pricing;
  if (unit === 'call') return 1;
  const name = entry.pricing.unitsParam ?? DEFAULT_UNITS_PARAM[unit];
  const spec = entry.params.find((param) => param.name === name);
  const value = params[name] ?? spec?.default ?? 1;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 1;
}

/** The most units a call could be billed for: what is reserved when a units param is computed at run time. */
export function maxUnitsFor(entry: ModelEntry): number {
  if (entry.pricing.unit === 'call') return 1;
  const name = entry.pricing.unitsParam ?? DEFAULT_UNITS_PARAM[entry.pricing.unit];
  const spec = entry.params.find((param) => param.name === name);
  return spec?.max ?? unitsFor(entry, {});
}

/**
 * `ceil(pricing.credits × units × tierMultiplier)`. The product is rounded to 1e-9 first so binary fractions
 * (10 × 5 × 0.9 = 45.000000000000007) do not ceil up a whole credit.
 */
export function creditsFor(entry: ModelEntry, units: number, tierMultiplier: number): number {
  const exact = entry.pricing.credits * units * tierMultiplier;
  return Math.ceil(Math.round(exact * 1e9) / 1e9);
}
