import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../../config/app-config';
import type { Principal } from '../auth/principal';
import { limitFor } from './rate-limit.policy';
import type { TierThrottlerStorage } from './tier-throttler.storage';

/**
 * One throttler, named `default` so `@SkipThrottle()` works as the library documents. Its limit is resolved
 * per request from the caller's tier; the guard skips callers without a limit before this is ever asked.
 */
export function tierThrottlerOptions(
  config: AppConfig,
  storage: TierThrottlerStorage,
): ThrottlerModuleOptions {
  return {
    storage,
    throttlers: [
      {
        name: 'default',
        ttl: config.rateLimitWindowSeconds * 1000,
        limit: (context: ExecutionContext) => {
          const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
          return principal ? (limitFor(principal, config) ?? 0) : 0;
        },
      },
    ],
  };
}
