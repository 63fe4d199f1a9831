/** Media storage, serving and fetching. Options come from the app config under MEDIA_OPTIONS. */
import { DynamicModule, InjectionToken, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { LocalMediaStore } from './local-media.store';
import { MediaCleanupJob } from './media-cleanup.job';
import { MediaController } from './media.controller';
import { MediaFetcher } from './media-fetcher';
import { MEDIA_OPTIONS, MediaOptions } from './media.options';
import { MEDIA_STORE, MediaStore } from './media.types';

export interface MediaModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => MediaOptions | Promise<MediaOptions>;
}

const mediaProviders: Provider[] = [
  {
    provide: MEDIA_STORE,
    inject: [MEDIA_OPTIONS],
    useFactory: (options: MediaOptions): MediaStore =>
      new LocalMediaStore(options.dataDir, options.publicBaseUrl),
  },
  {
    provide: MediaFetcher,
    inject: [MEDIA_STORE, MEDIA_OPTIONS],
    useFactory: (store: MediaStore, options: MediaOptions) =>
      new MediaFetcher(store, options.publicBaseUrl, options.policy, options.fetchMaxBytes),
  },
];

@Module({})
export class MediaModule {
  static register(options: MediaOptions): DynamicModule {
    return MediaModule.registerAsync({ useFactory: () => options });
  }

  static registerAsync(options: MediaModuleAsyncOptions): DynamicModule {
    return {
      module: MediaModule,
      imports: options.imports ?? [],
      controllers: [MediaController],
      providers: [
        { provide: MEDIA_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        ...mediaProviders,
        MediaCleanupJob,
      ],
      exports: [MEDIA_STORE, MediaFetcher],
    };
  }
}
