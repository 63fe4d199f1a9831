/** A model registry entry (API.md §6). The registry is configuration: built-ins plus MODELS_FILE. */
import type { Tier } from '../../config/tiers';

export type ModelKind = 'image' | 'video' | 'audio' | 'text';
/** `1k-tokens`: per 1,000 tokens (input + output) the provider reports using; see pricing/usage-pricing.ts. */
export type PricingUnit = 'call' | 'image' | 'second' | '1k-tokens';

/** A model input: connected from another node or given in `inputs` of a model run. */
export interface ModelInputSpec {
  name: string;
  type: 'text' | 'image' | 'video' | 'audio' | 'json';
  required?: boolean;
  description?: string;
}

/** A static parameter; also an input handle on a workflow `model` node (a connected handle overrides it). */
export interface ModelParamSpec {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean';
  required?: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  options?: Array<string | number>;
  description?: string;
}

export interface ModelPricing {
  unit: PricingUnit;
  credits: number;
  /** The param that counts units: defaults to `num_images` for `image` and `duration` for `second`. */
  unitsParam?: string;
  /** For `1k-tokens`: the units reserved per call (default 4, i.e. 4,000 tokens); the charge never exceeds it. */
  reserveUnits?: number;
}

export interface ModelEntry {
  id: string;
  name: string;
  kind: ModelKind;
  /** Id of the provider adapter that runs it (e.g. `sandbox`). */
  provider: string;
  minTier: Tier;
  supportsAsync: boolean;
  pricing: ModelPricing;
  inputs: ModelInputSpec[];
  params: ModelParamSpec[];
  enabled: boolean;
  /** Provider-specific settings (endpoint, upstream model name, credential env var...). Never shown to callers. */
  settings?: Record<string, unknown>;
}
