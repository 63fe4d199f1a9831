/** Values as placeholders see them: a media reference renders as its URL, not as an object's JSON. */
import { isMediaRef } from '../media-values';

export function placeholderValues(inputs: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inputs)) values[name] = asPlaceholderValue(value);
  return values;
}

function asPlaceholderValue(value: unknown): unknown {
  if (isMediaRef(value)) return value.url;
  if (Array.isArray(value) && value.length > 0 && value.every(isMediaRef)) return value.map((ref) => ref.url);
  return value;
}
