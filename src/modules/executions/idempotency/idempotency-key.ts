import type { FastifyRequest } from 'fastify';
import { invalidBody } from '../../../common/errors/domain-error';

/** The `Idempotency-Key` header (API.md §7): 1-255 characters; absent is null. */
export function idempotencyKeyOf(request: FastifyRequest): string | null {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined) return null;
  if (key.length < 1 || key.length > 255) {
    throw invalidBody(
      [{ path: 'Idempotency-Key', message: 'must be 1-255 characters' }],
      'Invalid Idempotency-Key header.',
    );
  }
  return key;
}
