/**
 * The tier rate limiter of API.md §4, run as the second global guard, right after authentication.
 *
 * Redis down → FAIL CLOSED: 503 UNAVAILABLE with Retry-After: 1. The limit is part of the contract (exact,
 * shared by every instance), so answering without it would silently break that promise, and letting traffic
 * through unmetered is how an outage turns into a bill. Redis is also where the run queue lives, so a
 * limited route could not do its work anyway; failing here, fast, is the honest answer. Admins and unlimited
 * tiers never touch Redis, so operators keep their access during the outage.
 *
 * Built on ThrottlerGuard rather than a bare CanActivate: the library keeps its pipeline (named throttlers,
 * @SkipThrottle, per-request limit resolution, the storage port); we override only what the contract fixes:
 * who is counted (the account), the key (account + route group), the headers and the errors.
 */
import { ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import type { Principal } from '../auth/principal';
import { limitFor, rateLimitHeaders } from './rate-limit.policy';
import { DEFAULT_ROUTE_GROUP, RateLimitGroup } from './rate-limit-group.decorator';
import { TierThrottlerStorage, type TierThrottlerRecord } from './tier-throttler.storage';

type RequestWithPrincipal = { principal?: Principal };

@Injectable()
export class TierThrottlerGuard extends ThrottlerGuard {
  protected override logger = new Logger(TierThrottlerGuard.name);

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() protected override readonly storageService: TierThrottlerStorage,
    reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(options, storageService, reflector);
  }

  /** Public routes (no principal) and unlimited callers: no count, no headers (API.md §4). */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const principal = principalOf(context);
    return !principal || limitFor(principal, this.config) === null;
  }

  protected override async getTracker(req: RequestWithPrincipal): Promise<string> {
    return req.principal!.accountId;
  }

  protected override generateKey(context: ExecutionContext, accountId: string): string {
    const group = this.reflector.getAllAndOverride(RateLimitGroup, [
      context.getHandler(),
      context.getClass(),
    ]);
    return `${accountId}:${group ?? DEFAULT_ROUTE_GROUP}`;
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, blockDuration, getTracker, generateKey } = request;
    const { req, res } = this.getRequestResponse(context);
    const tracker = await getTracker(req, context);
    const key = generateKey(context, tracker, throttler.name ?? 'default');
    const record = await this.countRequest(key, ttl, limit, blockDuration, throttler.name ?? 'default');

    // Set before any throw: the reply keeps them, so later errors of this request carry them too.
    const headers = rateLimitHeaders(limit, record.totalHits, {
      resetAtEpochSeconds: record.resetAtEpochSeconds,
      retryAfterSeconds: record.timeToExpire,
    });
    for (const [name, value] of Object.entries(headers)) this.setResponseHeader(res, name, value);

    if (record.isBlocked) {
      await this.throwThrottlingException(context, { ...record, limit, ttl, key, tracker });
    }
    return true;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    { limit, ttl, timeToBlockExpire }: ThrottlerLimitDetail,
  ): Promise<void> {
    const tier = principalOf(context)!.tier;
    const retryAfter = Math.max(1, timeToBlockExpire);
    throw new DomainError(
      'RATE_LIMIT_EXCEEDED',
      `Rate limit exceeded: the ${tier} tier allows ${limit} requests per ${ttl / 1000} seconds. Retry in ${retryAfter} s.`,
      { tier, limit, retryAfter },
      { 'Retry-After': String(retryAfter), 'X-RateLimit-Remaining': '0' },
    );
  }

  private async countRequest(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<TierThrottlerRecord> {
    try {
      return await this.storageService.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.logger.error(`Rate-limit counter failed, answering 503: ${(error as Error).message}`);
      throw new DomainError(
        'UNAVAILABLE',
        'Rate limiting is temporarily unavailable; retry shortly.',
        {},
        { 'Retry-After': '1' },
      );
    }
  }
}

function principalOf(context: ExecutionContext): Principal | undefined {
  return context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
}
