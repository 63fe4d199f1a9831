import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify `genReqId`: the client's X-Request-Id when well-formed (API.md §1), else a new one. */
export function requestIdFor(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && CLIENT_REQUEST_ID.test(value) ? value : newRequestId();
}

/** A fresh request id, also for connection-level errors where no request was ever parsed. */
export function newRequestId(): string {
  return `req_${randomUUID().replace(/-/g, '')}`;
}
