import { HttpException } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { responseHeadersFor } from '../http/response-headers';
import { DomainError } from './domain-error';
import { renderError } from './render-error';

/** Fastify error codes for bodies it could not take (API.md §1: parsing comes before every other check). */
const FASTIFY_BODY_ERRORS: Record<string, DomainError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: new DomainError(
    'PAYLOAD_TOO_LARGE',
    'The request body exceeds the 1 MiB limit.',
  ),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: new DomainError(
    'INVALID_BODY',
    'The request body must be JSON (Content-Type: application/json).',
  ),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: new DomainError(
    'INVALID_BODY',
    'The Content-Length header does not match the body.',
  ),
};

/** What Fastify's router rejects before any route or hook runs (API.md §1, "before routing"). */
const FASTIFY_ROUTER_ERRORS: Record<string, DomainError> = {
  FST_ERR_BAD_URL: new DomainError('BAD_REQUEST', 'The request URL is malformed (bad percent-encoding).'),
  FST_ERR_MAX_PARAM_LENGTH: new DomainError('INVALID_SLUG', 'A path slug or id is too long.'),
};

/**
 * Turns what the framework throws (body parser errors, unknown routes, Nest HttpExceptions) into DomainErrors,
 * so the one filter only ever renders DomainErrors. Returns null for anything unexpected.
 */
export function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && FASTIFY_BODY_ERRORS[code]) return FASTIFY_BODY_ERRORS[code];
  if (typeof code === 'string' && FASTIFY_ROUTER_ERRORS[code]) return FASTIFY_ROUTER_ERRORS[code];
  if (error instanceof SyntaxError || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new DomainError('INVALID_BODY', 'The request body is not valid JSON.');
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return new DomainError('NOT_FOUND', 'No such route.');
    if (status === 413) return FASTIFY_BODY_ERRORS.FST_ERR_CTP_BODY_TOO_LARGE;
    if (status === 400 || status === 415)
      return new DomainError('INVALID_BODY', 'The request body is invalid.');
  }
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (statusCode === 413) return FASTIFY_BODY_ERRORS.FST_ERR_CTP_BODY_TOO_LARGE;
  if (statusCode === 400 || statusCode === 415)
    return new DomainError('INVALID_BODY', 'The request body is invalid.');
  return null;
}

/**
 * Fastify `frameworkErrors`: the router's own rejections (bad percent-encoding, a path parameter over
 * maxParamLength). They happen before Nest and before any hook, so this answer sets what the hooks would have.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const domainError =
    toDomainError(error) ?? new DomainError('BAD_REQUEST', 'The request could not be routed.');
  const { status, body } = renderError(domainError, request.id);
  void reply
    .status(status)
    .headers({
      ...responseHeadersFor(request.url, status),
      'X-Request-Id': request.id,
      'Content-Type': 'application/json; charset=utf-8',
    })
    .send(JSON.stringify(body));
}
