import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG } from '../../config/app-config';
import { RateLimitStorageModule } from './rate-limit-storage.module';
import { tierThrottlerOptions } from './tier-throttler.options';
import { TierThrottlerGuard } from './tier-throttler.guard';
import { TierThrottlerStorage } from './tier-throttler.storage';

/**
 * Tier rate limits (API.md §4). Register the guard as the second APP_GUARD, after the auth guard:
 * `{ provide: APP_GUARD, useExisting: TierThrottlerGuard }`.
 */
@Module({
  imports: [
    RateLimitStorageModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [APP_CONFIG, TierThrottlerStorage],
      useFactory: tierThrottlerOptions,
    }),
  ],
  providers: [TierThrottlerGuard],
  exports: [TierThrottlerGuard],
})
export class ThrottlingModule {}
