import { Test } from '@nestjs/testing';
import { ProviderRegistry } from './provider-registry';
import { ProvidersModule } from './providers.module';
import { SandboxProvider } from './sandbox/sandbox.provider';

describe('ProviderRegistry', () => {
  it('finds providers by id and refuses a duplicate id', () => {
    const registry = new ProviderRegistry().register(new SandboxProvider());
    expect(registry.get('sandbox')).toBeInstanceOf(SandboxProvider);
    expect(registry.get('openai-compatible')).toBeUndefined();
    expect(() => registry.register(new SandboxProvider())).toThrow(/registered twice/);
  });

  it('comes from ProvidersModule with the sandbox registered', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProvidersModule.forRoot()] }).compile();
    expect(moduleRef.get(ProviderRegistry).ids()).toEqual(['sandbox']);
  });
});
