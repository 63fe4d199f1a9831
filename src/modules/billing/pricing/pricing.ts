import { paramValueProblem } from '../../models/model-params';
import type { ModelEntry, ModelParamSpec } from '../../models/model.types';

const DEFAULT_UNITS_PARAM = { image: 'num_images', second: 'duration' } as const;
/** 1k-token units reserved per call when the entry does not say (`pricing.reserveUnits`). */
export const DEFAULT_RESERVED_TOKEN_UNITS = 4;

/** The registry param that counts a model's units, when it is billed per image or per second. */
function unitsParamOf(entry: ModelEntry): { name: string; spec?: ModelParamSpec } | undefined {
  const { unit } = entry.pricing;
  if (unit === 'call' || unit === '1k-tokens') return undefined;
  const name = entry.pricing.unitsParam ?? DEFAULT_UNITS_PARAM[unit];
  return { name, spec: entry.params.find((param) => param.name === name) };
}

/** The units a value is priced at when the param accepts it (type and range; at least 1), else undefined. */
function priceableUnits(spec: ModelParamSpec | undefined, value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (spec && paramValueProblem(spec, value)) return undefined;
  return value > 0 ? value : 1;
}

/**
 * Units a model call is billed for (API.md §8): 1 per call, images requested, or seconds requested. Callers pass
 * checked params; a value the param would refuse is never priced as written but at the most the call could be.
 */
export function unitsFor(entry: ModelEntry, params: Record<string, unknown>): number {
  if (entry.pricing.unit === '1k-tokens') return reservedTokenUnits(entry);
  const units = unitsParamOf(entry);
  if (!units) return 1;
  const value = params[units.name] ?? units.spec?.default;
  if (value === undefined) return 1;
  return priceableUnits(units.spec, value) ?? maxUnitsFor(entry);
}

/** The most units a call could be billed for: what is reserved when a units param is computed at run time. */
export function maxUnitsFor(entry: ModelEntry): number {
  if (entry.pricing.unit === '1k-tokens') return reservedTokenUnits(entry);
  const units = unitsParamOf(entry);
  if (!units) return 1;
  return units.spec?.max ?? priceableUnits(units.spec, units.spec?.default) ?? 1;
}

/**
 * `ceil(pricing.credits × units × tierMultiplier)`. The product is rounded to 1e-9 first so binary fractions
 * (10 × 5 × 0.9 = 45.000000000000007) do not ceil up a whole credit.
 */
export function creditsFor(entry: ModelEntry, units: number, tierMultiplier: number): number {
  const exact = entry.pricing.credits * units * tierMultiplier;
  return Math.ceil(Math.round(exact * 1e9) / 1e9);
}

/** Token-priced calls reserve a fixed number of 1k-token units; settlement charges what was used, up to that. */
function reservedTokenUnits(entry: ModelEntry): number {
  return entry.pricing.reserveUnits ?? DEFAULT_RESERVED_TOKEN_UNITS;
}
