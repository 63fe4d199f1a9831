import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { invalidBody } from '../../../common/errors/domain-error';
import { toDomainError } from '../../../common/errors/framework-errors';
import { renderError } from '../../../common/errors/render-error';
import type { Principal } from '../../auth/principal';
import { IdempotencyService, StoredAnswer } from './idempotency.service';
import { requestFingerprint } from './request-fingerprint';

const KEPT_HEADERS = ['location'];

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

/**
 * `Idempotency-Key` over the run routes (API.md §7): the first request runs and its answer is stored; the same
 * request again replays it (`Idempotent-Replayed: true`); a different request under the key is 422; while the
 * first still runs, 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal: Principal }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = idempotencyKeyOf(request);
    if (key === null) return next.handle();
    const accountId = request.principal.accountId;
    const path = request.url.split('?')[0];
    const hash = requestFingerprint(
      request.method,
      path,
      request.query as Record<string, unknown>,
      request.body,
    );
    return from(this.idempotency.claim(accountId, key, hash)).pipe(
      mergeMap((stored) =>
        stored ? of(this.replay(reply, stored)) : this.runAndStore(next, reply, request.id, accountId, key),
      ),
    );
  }

  private replay(reply: FastifyReply, stored: StoredAnswer): unknown {
    for (const [name, value] of Object.entries(stored.headers)) reply.header(name, value);
    reply.header('Idempotent-Replayed', 'true');
    reply.status(stored.status);
    return stored.body;
  }

  private runAndStore(
    next: CallHandler,
    reply: FastifyReply,
    requestId: string,
    accountId: string,
    key: string,
  ): Observable<unknown> {
    return next.handle().pipe(
      mergeMap((body) =>
        from(
          this.idempotency
            .complete(accountId, key, { status: reply.statusCode, body, headers: keptHeaders(reply) })
            .then(() => body),
        ),
      ),
      catchError((error: unknown) => {
        // Only a failed execution was created and so holds the key; every other error left nothing behind.
        const domain = toDomainError(error);
        const settle =
          domain?.code === 'EXECUTION_FAILED'
            ? this.idempotency.complete(accountId, key, { ...renderError(domain, requestId), headers: {} })
            : this.idempotency.release(accountId, key);
        return from(settle).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }
}

function keptHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}
