/** The model registry: the built-in entries, with MODELS_FILE entries replacing (same id) or adding to them. */
import { ALWAYS_AVAILABLE, ModelAvailability } from './model-availability';
import type { ModelEntry } from './model.types';

export class ModelRegistry {
  private readonly entries = new Map<string, ModelEntry>();

  constructor(
    builtins: readonly ModelEntry[],
    extraEntries: readonly ModelEntry[] = [],
    private readonly availability: ModelAvailability = ALWAYS_AVAILABLE,
  ) {
    for (const entry of [...builtins, ...extraEntries]) {
      // An entry can only run async when its provider can be polled, whatever the entry says.
      const supportsAsync = entry.supportsAsync && availability.canPoll(entry.provider);
      this.entries.set(entry.id, { ...entry, supportsAsync });
    }
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

  /** The enabled entries as callers see them: `enabled: false` where the provider is not configured. */
  catalogue(): ModelEntry[] {
    return this.list().map((entry) => (this.missingSetting(entry.id) ? { ...entry, enabled: false } : entry));
  }

  /** The setting a model's provider still needs on this server (e.g. `OPENAI_API_KEY`); undefined when it can run. */
  missingSetting(id: string): string | undefined {
    const entry = this.entries.get(id);
    return entry ? this.availability.missingSetting(entry) : undefined;
  }
}
