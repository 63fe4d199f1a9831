import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { MemoryRateLimitCounter } from './memory-rate-limit.counter';
import { RATE_LIMIT_COUNTER } from './rate-limit-counter';
import { closeRateLimitRedis, connectRateLimitRedis } from './rate-limit-redis.client';
import { RedisRateLimitCounter } from './redis-rate-limit.counter';
import { TierThrottlerStorage } from './tier-throttler.storage';

const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

/**
 * The counter (Redis when REDIS_URL is set, so every instance shares one count; memory otherwise) and the
 * throttler storage over it. A module of its own because ThrottlerModule.forRootAsync must import the storage.
 */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => (config.redisUrl ? connectRateLimitRedis(config.redisUrl) : null),
    },
    {
      provide: RATE_LIMIT_COUNTER,
      inject: [RATE_LIMIT_REDIS],
      useFactory: (redis: Redis | null) =>
        redis ? new RedisRateLimitCounter(redis) : new MemoryRateLimitCounter(),
    },
    TierThrottlerStorage,
  ],
  exports: [TierThrottlerStorage],
})
export class RateLimitStorageModule implements OnModuleDestroy {
  constructor(@Inject(RATE_LIMIT_REDIS) private readonly redis: Redis | null) {}

  async onModuleDestroy(): Promise<void> {
    if (this.redis) await closeRateLimitRedis(this.redis);
  }
}
