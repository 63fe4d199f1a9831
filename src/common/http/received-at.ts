import type { FastifyReply, FastifyRequest } from 'fastify';

const RECEIVED_AT = Symbol('receivedAt');

/** Fastify onRequest hook: notes when the request arrived (run answers count `ms` from here). */
export function markReceived(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  (request as unknown as Record<symbol, number>)[RECEIVED_AT] = Date.now();
  done();
}

export function receivedAtOf(request: FastifyRequest): number {
  return (request as unknown as Record<symbol, number>)[RECEIVED_AT] ?? Date.now();
}
