import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';
import { answerClientError } from '../errors/client-errors';
import { answerFrameworkError } from '../errors/framework-errors';
import { AppConfig } from '../../config/app-config';
import { requestIdFor } from './request-id';

/**
 * Longest path parameter the router takes. Slugs are at most 64 characters and ids 36: anything longer reaches the
 * path-id guard (400 INVALID_SLUG, in the order of API.md §1), and past this the router answers INVALID_SLUG itself.
 */
const MAX_PARAM_LENGTH = 2048;

/**
 * Fastify (and node http server) options: body limit, request ids, the limits on slow and idle clients, and the two
 * error paths that run before any route (router rejections, connection-level errors).
 *
 * No socket inactivity timeout (`connectionTimeout`): a sync run may legitimately send nothing for up to
 * SYNC_WAIT_SECONDS. Receiving a request is bounded by requestTimeout/headersTimeout, idling between requests by
 * keepAliveTimeout. No requests-per-socket limit: past it node answers a client that keeps the connection a bodiless
 * 503 (the benchmark's client did), and the time limits already bound what one connection can hold.
 */
export function httpServerOptions(config: AppConfig): FastifyHttpOptions<Server> {
  const requestTimeout = config.http.requestTimeoutSeconds * 1000;
  return {
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdFor,
    trustProxy: true,
    requestTimeout,
    keepAliveTimeout: config.http.keepAliveTimeoutSeconds * 1000,
    http: {
      requestTimeout,
      headersTimeout: requestTimeout,
      // Node checks those deadlines on this interval (30 s by default, which would double a 30 s limit).
      connectionsCheckingInterval: Math.min(1000, Math.ceil(requestTimeout / 4)),
      // Checked by a hook instead (protocol-edges.ts): node answers a missing Host with an empty 400.
      requireHostHeader: false,
    },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  };
}
