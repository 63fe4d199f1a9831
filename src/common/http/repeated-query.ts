import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalidBody } from '../errors/domain-error';

/**
 * Fastify preValidation hook: a query parameter given twice is 400 INVALID_BODY (API.md §1). Fastify's parser turns
 * `?a=1&a=2` into an array, which no route expects (an array bound into SQL was a 500). Checked here, for every route
 * at once, after the body is parsed and before authentication.
 */
export function rejectRepeatedQuery(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (err?: Error) => void,
): void {
  const query = request.query as Record<string, unknown>;
  for (const name of Object.keys(query ?? {})) {
    if (Array.isArray(query[name])) {
      return done(
        invalidBody([{ path: name, message: 'is given more than once' }], 'A query parameter is repeated.'),
      );
    }
  }
  done();
}
