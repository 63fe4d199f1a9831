import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { answerClientError } from '../errors/client-errors';
import { DomainError } from '../errors/domain-error';

/**
 * Requests node's HTTP server would answer itself with an empty body (or drop): a missing Host (400), an Expect other
 * than 100-continue (417), CONNECT (connection closed). Each gets the error path instead (API.md §1), or is served.
 */
export function handleProtocolEdges(server: Server): void {
  // RFC 9110 lets a server ignore an expectation it does not know: serve the request as if it were absent.
  server.on('checkExpectation', (request, response) => server.emit('request', request, response));
  // Not a proxy: CONNECT is a malformed request here.
  server.on('connect', (_request, socket: Socket) => answerClientError(connectRefused, socket));
}

const connectRefused = Object.assign(new Error('CONNECT is not supported'), { code: 'ERR_CONNECT_METHOD' });

/** Fastify onRequest hook (node's own check is off: it answers an empty 400). RFC 9112 §3.2: Host is required. */
export function requireHostHeader(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (err?: Error) => void,
): void {
  if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
    return done(new DomainError('BAD_REQUEST', 'An HTTP/1.1 request needs a Host header.'));
  }
  done();
}
