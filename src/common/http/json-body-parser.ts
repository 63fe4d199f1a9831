import type { FastifyInstance } from 'fastify';

/**
 * JSON is `application/json` with any parameters and any `+json` type (API.md §1). Every other content type is
 * refused by Fastify (415, which the error path answers as 400 INVALID_BODY). An empty body parses as undefined,
 * so body-less routes (cancel, delete) accept a JSON content type with nothing sent.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const parse = (_req: unknown, body: string, done: (err: Error | null, value?: unknown) => void) => {
    if (body === '' || body.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body));
    } catch (error) {
      done(error as SyntaxError);
    }
  };
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, parse);
  fastify.addContentTypeParser(
    /^application\/[a-z0-9.!#$&^_-]+\+json(\s*;.*)?$/i,
    { parseAs: 'string' },
    parse,
  );
}
