import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { newRequestId } from '../http/request-id';
import { responseHeadersFor } from '../http/response-headers';
import { DomainError } from './domain-error';
import { renderError } from './render-error';

/** Node's codes for connection-level failures (the server's `clientError` event) that have an answer of their own. */
const CLIENT_ERRORS: Record<string, DomainError> = {
  ERR_HTTP_REQUEST_TIMEOUT: new DomainError(
    'REQUEST_TIMEOUT',
    'The request headers or body did not arrive in time; the connection is closed.',
  ),
  HPE_HEADER_OVERFLOW: new DomainError('HEADERS_TOO_LARGE', 'The request headers are too large.'),
  ERR_CONNECT_METHOD: new DomainError('BAD_REQUEST', 'CONNECT is not supported: this server is not a proxy.'),
};
const MALFORMED = new DomainError(
  'BAD_REQUEST',
  'The request is not valid HTTP/1.1 (request line, header bytes or framing).',
);

/**
 * Fastify `clientErrorHandler`: a request node's HTTP parser rejected (bad bytes or framing, oversized headers) or
 * that timed out (REQUEST_TIMEOUT_SECONDS). There is no request or reply object, so the answer is written to the
 * socket by hand, with the error body of API.md §1 and a request id of its own; then the connection is closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // As node's own handler: only when no answer to the connection's current request has started.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    socket.write(rawErrorResponse(CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED));
  }
  socket.destroy();
}

function rawErrorResponse(error: DomainError): string {
  const requestId = newRequestId();
  const { status, body } = renderError(error, requestId);
  const json = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    Connection: 'close',
    'X-Request-Id': requestId,
    ...responseHeadersFor('', status),
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('\r\n')}\r\n\r\n${json}`;
}
