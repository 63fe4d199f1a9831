/** The model registry: the built-in entries, with MODELS_FILE entries replacing (same id) or adding to them. */
import type { ModelEntry } from './model.types';

export class ModelRegistry {
  private readonly entries = new Map<string, ModelEntry>();

  constructor(builtins: readonly ModelEntry[], extraEntries: readonly ModelEntry[] = []) {
    for (const entry of [...builtins, ...extraEntries]) this.entries.set(entry.id, entry);
  }

  /** The entry callers may use: undefined when unknown or disabled (both answer MODEL_NOT_FOUND). */
  get(id: string): ModelEntry | undefined {
    const entry = this.entries.get(id);
    return entry?.enabled ? entry : undefined;
  }

  /** Disabled entries too, for executions that name a model since switched off. */
  getAny(id: string): ModelEntry | undefined {
    return this.entries.get(id);
  }

  /** Enabled entries, built-ins first, in the order they were defined. */
  list(): ModelEntry[] {
    return [...this.entries.values()].filter((entry) => entry.enabled);
  }
}
