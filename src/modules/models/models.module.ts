/** The model registry as a Nest provider: built-ins plus MODELS_FILE, loaded once (a bad file fails the boot). */
import { DynamicModule, InjectionToken, Module, ModuleMetadata } from '@nestjs/common';
import { BUILTIN_MODELS } from './builtin-models';
import { ModelRegistry } from './model-registry';
import { ModelsController } from './models.controller';
import { loadModelsFile } from './models-file';
import { MODELS_OPTIONS, ModelsOptions } from './models.options';

export interface ModelsModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => ModelsOptions | Promise<ModelsOptions>;
}

@Module({})
export class ModelsModule {
  static register(options: ModelsOptions): DynamicModule {
    return ModelsModule.registerAsync({ useFactory: () => options });
  }

  static registerAsync(options: ModelsModuleAsyncOptions): DynamicModule {
    return {
      module: ModelsModule,
      imports: options.imports ?? [],
      controllers: [ModelsController],
      providers: [
        { provide: MODELS_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: ModelRegistry,
          inject: [MODELS_OPTIONS],
          useFactory: ({ modelsFile, availability }: ModelsOptions) =>
            new ModelRegistry(BUILTIN_MODELS, modelsFile ? loadModelsFile(modelsFile) : [], availability),
        },
      ],
      exports: [ModelRegistry],
    };
  }
}
