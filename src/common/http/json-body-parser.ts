import type { FastifyInstance } from 'fastify';
import { invalidBody } from '../errors/domain-error';
import { findJsonHazard } from './plain-json';

/**
 * JSON is `application/json` with any parameters and any `+json` type (API.md §1). Every other content type is
 * refused by Fastify (415, which the error path answers as 400 INVALID_BODY). An empty body parses as undefined,
 * so body-less routes (cancel, delete) accept a JSON content type with nothing sent. What parses but is not plain
 * data (too deep, lone surrogates, reserved keys: plain-json.ts) is refused here, for every route at once.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const parse = (_req: unknown, body: string, done: (err: Error | null, value?: unknown) => void) => {
    if (body === '' || body.trim() === '') return done(null, undefined);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      return done(error as SyntaxError);
    }
    const hazard = findJsonHazard(value);
    if (hazard) return done(invalidBody([hazard], 'The request body is not plain JSON data.'));
    done(null, value);
  };
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, parse);
  fastify.addContentTypeParser(
    /^application\/[a-z0-9.!#$&^_-]+\+json(\s*;.*)?$/i,
    { parseAs: 'string' },
    parse,
  );
}
