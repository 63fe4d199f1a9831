import { type ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SkipThrottle } from '@nestjs/throttler';
import type { AppConfig } from '../../config/app-config';
import type { Role, Tier } from '../../config/tiers';
import type { DomainError } from '../../common/errors/domain-error';
import type { Principal } from '../auth/principal';
import { MemoryRateLimitCounter } from './memory-rate-limit.counter';
import type { RateLimitCounter } from './rate-limit-counter';
import { RateLimitGroup } from './rate-limit-group.decorator';
import { tierThrottlerOptions } from './tier-throttler.options';
import { TierThrottlerGuard } from './tier-throttler.guard';
import { TierThrottlerStorage } from './tier-throttler.storage';

const T = 1_700_000_040_000; // a multiple of 60 s; "now" is 15.5 s into that window
const RESET = String(T / 1000 + 60);

const config = {
  rateLimits: { free: 0, pro: 3, business: 5, enterprise: 0 },
  rateLimitWindowSeconds: 60,
} as AppConfig;

class RunsController {
  @RateLimitGroup('workflow-run')
  runWorkflow(): void {}
  @RateLimitGroup('model-run')
  runModel(): void {}
  listExecutions(): void {}
  @SkipThrottle()
  health(): void {}
}
type Route = 'runWorkflow' | 'runModel' | 'listExecutions' | 'health';

function principal(tier: Tier, role: Role = 'user', accountId = 'acc-1'): Principal {
  return {
    accountId,
    tier,
    role,
    email: 'a@b.c',
    approved: true,
    keyId: 'k',
    keyName: 'k',
    heldCapabilities: [],
    capabilities: [],
    webhookUrl: null,
  };
}

/** A fake HTTP context whose reply records headers the way a FastifyReply takes them. */
function call(who: Principal | undefined, route: Route = 'listExecutions') {
  const headers: Record<string, string> = {};
  const reply = { header: (name: string, value: unknown) => void (headers[name] = String(value)) };
  const context = {
    switchToHttp: () => ({ getRequest: () => ({ principal: who }), getResponse: () => reply }),
    getHandler: () => RunsController.prototype[route],
    getClass: () => RunsController,
  } as unknown as ExecutionContext;
  return { context, headers };
}

async function guardOver(
  counter: RateLimitCounter = new MemoryRateLimitCounter(),
): Promise<TierThrottlerGuard> {
  const storage = new TierThrottlerStorage(counter);
  const guard = new TierThrottlerGuard(
    tierThrottlerOptions(config, storage),
    storage,
    new Reflector(),
    config,
  );
  await guard.onModuleInit();
  return guard;
}

/** Runs `n` requests and returns, for each, the headers and the error code (or 'ok'). */
async function hits(guard: TierThrottlerGuard, who: Principal, n: number, route: Route = 'listExecutions') {
  const out = [];
  for (let i = 0; i < n; i += 1) {
    const { context, headers } = call(who, route);
    const outcome = await guard.canActivate(context).then(
      () => 'ok',
      (e: DomainError) => e.code,
    );
    out.push({ outcome, headers });
  }
  return out;
}

describe('TierThrottlerGuard', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(T + 15_500));
  afterEach(() => jest.restoreAllMocks());

  it('sets the three headers on every allowed request, then answers RATE_LIMIT_EXCEEDED', async () => {
    const results = await hits(await guardOver(), principal('pro'), 5);
    const limited = { 'X-RateLimit-Limit': '3', 'X-RateLimit-Reset': RESET };
    expect(results).toEqual([
      { outcome: 'ok', headers: { ...limited, 'X-RateLimit-Remaining': '2' } },
      { outcome: 'ok', headers: { ...limited, 'X-RateLimit-Remaining': '1' } },
      { outcome: 'ok', headers: { ...limited, 'X-RateLimit-Remaining': '0' } },
      {
        outcome: 'RATE_LIMIT_EXCEEDED',
        headers: { ...limited, 'X-RateLimit-Remaining': '0', 'Retry-After': '45' },
      },
      {
        outcome: 'RATE_LIMIT_EXCEEDED',
        headers: { ...limited, 'X-RateLimit-Remaining': '0', 'Retry-After': '45' },
      },
    ]);
  });

  it('throws the contract error: tier, limit, retryAfter and its headers', async () => {
    const guard = await guardOver();
    await hits(guard, principal('business'), 5);
    const error = await guard.canActivate(call(principal('business')).context).catch((e: DomainError) => e);
    expect(error).toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      context: { tier: 'business', limit: 5, retryAfter: 45 },
      headers: { 'Retry-After': '45', 'X-RateLimit-Remaining': '0' },
    });
    expect((error as DomainError).message).toMatch(/^Rate limit exceeded: /);
  });

  it.each<[string, Principal | undefined, Route]>([
    ['admin role', principal('pro', 'admin'), 'listExecutions'],
    ['unlimited tier (enterprise: 0)', principal('enterprise'), 'runWorkflow'],
    ['no principal (a public route)', undefined, 'listExecutions'],
    ['@SkipThrottle() route', principal('pro'), 'health'],
  ])('%s: allowed with no headers and nothing counted', async (_name, who, route) => {
    const counter = new MemoryRateLimitCounter();
    const guard = await guardOver(counter);
    const results = await hits(guard, who as Principal, 10, route);
    expect(results.every((r) => r.outcome === 'ok' && Object.keys(r.headers).length === 0)).toBe(true);
    expect(counter.size).toBe(0);
  });

  it.each<[string, Route, Principal, string]>([
    ['workflow-run is its own group', 'runWorkflow', principal('pro'), '2'],
    ['model-run is its own group', 'runModel', principal('pro'), '2'],
    ['another account has its own count', 'listExecutions', principal('pro', 'user', 'acc-2'), '2'],
    ['the same account and group shares the count', 'listExecutions', principal('pro'), '0'],
  ])('keys by account and route group: %s', async (_name, route, who, remaining) => {
    const guard = await guardOver();
    await hits(guard, principal('pro'), 2, 'listExecutions');
    const [result] = await hits(guard, who, 1, route);
    expect(result.headers['X-RateLimit-Remaining']).toBe(remaining);
  });

  it('fails closed: a counter error answers UNAVAILABLE with Retry-After 1 and no rate-limit headers', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const guard = await guardOver({ hit: () => Promise.reject(new Error('Connection is closed.')) });
    const { context, headers } = call(principal('pro'));
    const error = await guard.canActivate(context).catch((e: DomainError) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', context: {}, headers: { 'Retry-After': '1' } });
    expect(headers).toEqual({});
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('Connection is closed.'));
  });
});
