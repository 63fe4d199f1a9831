import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The headers policy of every answer, in one place: the standard security headers, a CSP that lets an API answer
 * (JSON or a media file) load and frame nothing, and `Cache-Control: no-store` on errors so no cache or CDN keeps a
 * 404 (or any error) for a URL that may work later. Used by the onSend hook and by the two error paths that write
 * outside Fastify's hooks (framework-errors.ts, client-errors.ts).
 */
const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

// Swagger UI's page and assets run inline script and style: they get the other headers but no CSP.
const DOCS_PAGE = /^\/docs(?:[/?]|$)/;

export function responseHeadersFor(url: string, status: number): Record<string, string> {
  const headers = { ...SECURITY_HEADERS };
  if (!DOCS_PAGE.test(url)) headers['Content-Security-Policy'] = API_CSP;
  if (status >= 400) headers['Cache-Control'] = 'no-store';
  return headers;
}

/**
 * Fastify onSend hook: applies the policy, and X-Request-Id (API.md §1), to every answer that goes through Fastify.
 * onSend rather than onRequest: some of Fastify's own 404s skip the onRequest hooks.
 */
export function setResponseHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (err: null, payload: unknown) => void,
): void {
  reply.headers(responseHeadersFor(request.url, reply.statusCode));
  reply.header('X-Request-Id', request.id);
  done(null, payload);
}
