/** The provider adapters this server can run, by id (`ModelEntry.provider`). */
import { Injectable } from '@nestjs/common';
import type { ModelProvider } from './provider.types';

@Injectable()
export class ProviderRegistry {
  private readonly providers = new Map<string, ModelProvider>();

  /** Adds an adapter; a second adapter with the same id is a wiring mistake, so it throws. */
  register(provider: ModelProvider): this {
    if (this.providers.has(provider.id)) throw new Error(`provider "${provider.id}" is registered twice`);
    this.providers.set(provider.id, provider);
    return this;
  }

  /** undefined when no adapter has that id (a model whose provider is not configured). */
  get(id: string): ModelProvider | undefined {
    return this.providers.get(id);
  }

  ids(): string[] {
    return [...this.providers.keys()];
  }
}
