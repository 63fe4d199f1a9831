/**
 * The ProviderRequest of a `model` node (API.md §5): inputs from connected handles named in the entry's
 * `inputs`; params = registry defaults ← `data.params` ← connected handles named in the entry's `params`, each
 * checked against its spec (a value out of type or range fails the node).
 */
import { applyParamDefaults, callParamProblems } from '../../models/model-params';
import type { ModelEntry, ModelInputSpec } from '../../models/model.types';
import type { ProviderRequest } from '../../providers/provider.types';
import { firstMediaUrl, isMediaRef } from '../media-values';

export function buildProviderRequest(
  entry: ModelEntry,
  staticParams: unknown,
  connected: Record<string, unknown>,
  signal: AbortSignal,
): ProviderRequest {
  const inputs: Record<string, unknown> = {};
  for (const spec of entry.inputs) {
    const value = connected[spec.name];
    if (value !== undefined) inputs[spec.name] = providerInputValue(spec, value);
  }
  const params: Record<string, unknown> = isRecord(staticParams) ? { ...staticParams } : {};
  for (const spec of entry.params) {
    if (connected[spec.name] !== undefined) params[spec.name] = connected[spec.name];
  }
  const checked = applyParamDefaults(entry, params);
  // Values computed by other nodes are only known now; nothing out of range reaches a provider.
  const problems = callParamProblems(entry, checked);
  if (problems.length > 0) throw new Error(`model "${entry.id}": ${problems.join('; ')}`);
  return { model: entry, inputs, params: checked, signal };
}

/** Providers take media as URL strings (the first of a list) and text as a string. */
function providerInputValue(spec: ModelInputSpec, value: unknown): unknown {
  switch (spec.type) {
    case 'image':
    case 'video':
    case 'audio':
      return firstMediaUrl(value) ?? value;
    case 'text':
      if (typeof value === 'string') return value;
      return isMediaRef(value) ? value.url : JSON.stringify(value);
    case 'json':
      return value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
