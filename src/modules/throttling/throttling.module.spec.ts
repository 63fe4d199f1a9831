import type { ExecutionContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AppConfig } from '../../config/app-config';
import { ConfigModule } from '../../config/config.module';
import { TierThrottlerGuard } from './tier-throttler.guard';
import { ThrottlingModule } from './throttling.module';

const config = {
  rateLimits: { free: 0, pro: 1, business: 1000, enterprise: 0 },
  rateLimitWindowSeconds: 60,
} as AppConfig;

/** Proves the DI wiring: ThrottlerModule.forRootAsync gets our storage, the guard gets the memory counter. */
describe('ThrottlingModule (no REDIS_URL)', () => {
  it('provides a working guard on the memory counter', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), ThrottlingModule],
    }).compile();
    await moduleRef.init();
    const guard = moduleRef.get(TierThrottlerGuard);
    const headers: Record<string, string> = {};
    const context = {
      switchToHttp: () => ({
        getRequest: () => ({ principal: { accountId: 'acc', role: 'user', tier: 'pro' } }),
        getResponse: () => ({ header: (name: string, value: string) => (headers[name] = value) }),
      }),
      getHandler: () => function route() {},
      getClass: () => class Controller {},
    } as unknown as ExecutionContext;

    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(headers['X-RateLimit-Remaining']).toBe('0');
    await expect(guard.canActivate(context)).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    await moduleRef.close();
  });
});
