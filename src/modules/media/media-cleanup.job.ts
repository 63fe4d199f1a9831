/**
 * The media cleanup job: with MEDIA_RETENTION_DAYS set, media older than that is deleted at start and then every
 * hour, in every process (deleting a day folder twice is harmless). Results that pointed at it answer 404.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { retentionCutoff } from './media-retention';
import { MEDIA_OPTIONS, MediaOptions } from './media.options';
import { MEDIA_STORE, MediaStore } from './media.types';

const EVERY_MS = 60 * 60 * 1000;

@Injectable()
export class MediaCleanupJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MediaCleanup');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
    @Inject(MEDIA_OPTIONS) private readonly options: MediaOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.retentionDays || !this.store.deleteOlderThan) return;
    void this.deleteExpired();
    this.timer = setInterval(() => void this.deleteExpired(), EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async deleteExpired(now = new Date()): Promise<number> {
    try {
      const deleted = await this.store.deleteOlderThan!(
        retentionCutoff(now, this.options.retentionDays ?? 0),
      );
      if (deleted > 0)
        this.logger.log(`deleted ${deleted} media files older than ${this.options.retentionDays} days`);
      return deleted;
    } catch (err) {
      this.logger.warn(`media cleanup failed: ${(err as Error).message}`);
      return 0;
    }
  }
}
