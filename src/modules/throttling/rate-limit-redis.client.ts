import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

const logger = new Logger('RateLimitRedis');

/**
 * A Redis client that fails fast instead of queueing: the throttler fails closed, so a dead Redis must turn
 * into a quick 503, not a request that hangs until the client gives up. Reconnecting goes on in the background.
 */
export function createRateLimitRedis(url: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: 500,
  });
  // Log the outage once and the recovery once, not every reconnect attempt.
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.error(`Redis for rate limits is unreachable: ${error.message}`);
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.log('Redis for rate limits is reachable again');
    down = false;
  });
  return redis;
}

/** Connects at boot without blocking it: until Redis answers, limited routes get 503 (fail closed). */
export async function connectRateLimitRedis(url: string): Promise<Redis> {
  const redis = createRateLimitRedis(url);
  await redis.connect().catch(() => undefined); // already logged by the error listener; retries continue
  return redis;
}

export async function closeRateLimitRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
