/**
 * The provider adapters as one registry. Only the sandbox for now; real adapters (OpenAI-compatible, fal, ...)
 * are registered in the factory below as they arrive, each only when its credentials are configured.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { ProviderRegistry } from './provider-registry';
import { SandboxProvider } from './sandbox/sandbox.provider';

@Module({})
export class ProvidersModule {
  static forRoot(): DynamicModule {
    return {
      module: ProvidersModule,
      providers: [
        {
          provide: ProviderRegistry,
          useFactory: () => new ProviderRegistry().register(new SandboxProvider()),
        },
      ],
      exports: [ProviderRegistry],
    };
  }
}
