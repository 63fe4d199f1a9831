/**
 * MODELS_FILE: a JSON array of whole registry entries. It is configuration read once at boot, so every problem
 * is reported with the entry index and field, and a bad file stops the boot instead of half-loading.
 */
import { readFileSync } from 'node:fs';
import { TIERS } from '../../config/tiers';
import type { ModelEntry } from './model.types';
import { checkModelEntry } from './model-entry.check';

export class ModelsFileError extends Error {
  constructor(path: string, problem: string) {
    super(`MODELS_FILE ${path}: ${problem}`);
    this.name = 'ModelsFileError';
  }
}

export function loadModelsFile(path: string): ModelEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ModelsFileError(path, `cannot be read (${(err as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ModelsFileError(path, `is not valid JSON (${(err as Error).message})`);
  }
  return parseModelEntries(parsed, path);
}

/** Validates an already parsed file body; exported for callers holding JSON from elsewhere. */
export function parseModelEntries(value: unknown, source = 'models'): ModelEntry[] {
  if (!Array.isArray(value)) throw new ModelsFileError(source, 'must be a JSON array of model entries');
  const seen = new Set<string>();
  return value.map((raw, index) => {
    const problems = checkModelEntry(raw, TIERS);
    const id = (raw as { id?: unknown })?.id;
    const where = typeof id === 'string' ? `entry ${index} (id "${id}")` : `entry ${index}`;
    if (problems.length > 0) throw new ModelsFileError(source, `${where}: ${problems.join('; ')}`);
    if (seen.has(id as string)) throw new ModelsFileError(source, `${where}: duplicate id`);
    seen.add(id as string);
    const entry = raw as ModelEntry;
    // `enabled` may be left out: an entry written into the file is meant to be used.
    return { ...entry, enabled: entry.enabled ?? true };
  });
}
