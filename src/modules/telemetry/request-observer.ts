import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import type { Counter } from 'prom-client';
import type { AppLogger } from '../../common/logging/app-logger';
import type { Principal } from '../auth/principal';
import { Telemetry } from './telemetry';

const TOO_MANY_REQUESTS = 429;

/** One route's counters by status, made on first use and kept: answering a request allocates nothing here. */
class RouteStats {
  private readonly byStatus = new Map<number, Counter.Internal>();
  private rejections?: Counter.Internal;

  constructor(
    readonly method: string,
    readonly route: string,
    private readonly telemetry: Telemetry,
  ) {}

  count(status: number): void {
    let counter = this.byStatus.get(status);
    if (!counter)
      this.byStatus.set(status, (counter = this.telemetry.httpRequests(this.method, this.route, status)));
    counter.inc();
    if (status === TOO_MANY_REQUESTS)
      (this.rejections ??= this.telemetry.rateLimitRejections(this.route)).inc();
  }
}

/**
 * Counts every answer by route pattern (never the raw URL) and status, and logs one line per request (API.md §14):
 * method, route, status, ms, requestId, accountId; never a header, key or body. Each route gets its own
 * onResponse hook made once when the route is registered; requests no route matched share one. Call before the
 * application registers its routes (before `init`/`listen`).
 */
export function observeRequests(fastify: FastifyInstance, telemetry: Telemetry, logger: AppLogger): void {
  const logging = logger.isLevelEnabled('info');
  const observe = (stats: RouteStats, request: FastifyRequest, reply: FastifyReply): void => {
    stats.count(reply.statusCode);
    if (!logging) return;
    logger.info(
      {
        context: 'Request',
        method: request.method,
        route: stats.route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        requestId: request.id,
        accountId: (request as FastifyRequest & { principal?: Principal }).principal?.accountId ?? null,
      },
      'request',
    );
  };
  fastify.addHook('onRoute', (route) => {
    const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
    const stats = new RouteStats(method, route.url, telemetry);
    const hook: onResponseHookHandler = (request, reply, done) => {
      observe(stats, request, reply);
      done();
    };
    const existing = route.onResponse;
    route.onResponse = existing ? [...(Array.isArray(existing) ? existing : [existing]), hook] : [hook];
  });
  const unmatched = new Map<string, RouteStats>();
  fastify.addHook('onResponse', (request, reply, done) => {
    if (request.is404) {
      let stats = unmatched.get(request.method);
      if (!stats)
        unmatched.set(request.method, (stats = new RouteStats(request.method, 'unmatched', telemetry)));
      observe(stats, request, reply);
    }
    done();
  });
}
