/**
 * The provider adapters as one registry: the sandbox, and one adapter per real provider (API.md §6). Every
 * adapter is registered; whether a given registry entry can run (its credentials are set) is decided per entry
 * by provider-availability.ts, so `GET /api/models` can list unconfigured entries as unavailable.
 */
import { DynamicModule, Module } from '@nestjs/common';
import type { ProviderConfig } from '../../config/provider-config';
import { MediaFetcher } from '../media/media-fetcher';
import { AnthropicProvider } from './anthropic/anthropic.provider';
import { FalProvider } from './fal/fal.provider';
import { HttpTaskProvider } from './http-task/http-task.provider';
import { OpenAiProvider } from './openai/openai.provider';
import { ProviderRegistry } from './provider-registry';
import { SandboxProvider } from './sandbox/sandbox.provider';

export function buildProviderRegistry(config: ProviderConfig, media: MediaFetcher): ProviderRegistry {
  return new ProviderRegistry()
    .register(new SandboxProvider())
    .register(new OpenAiProvider(config.openai, config.limits, media))
    .register(new AnthropicProvider(config.anthropic, config.limits))
    .register(new FalProvider(config.fal, config.limits, media))
    .register(new HttpTaskProvider(config.env, config.limits, media));
}

@Module({})
export class ProvidersModule {
  static forRoot(config?: ProviderConfig): DynamicModule {
    return {
      module: ProvidersModule,
      providers: [
        {
          provide: ProviderRegistry,
          inject: [{ token: MediaFetcher, optional: true }],
          useFactory: (media?: MediaFetcher) =>
            config && media
              ? buildProviderRegistry(config, media)
              : new ProviderRegistry().register(new SandboxProvider()),
        },
      ],
      exports: [ProviderRegistry],
    };
  }
}
