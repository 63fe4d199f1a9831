import { ErrorCode } from './error-codes';

/**
 * The one error type services throw. `context` fields are merged into the response body
 * (`required`, `acceptable`, `details`, ...); `headers` are set on the response (e.g. Retry-After).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export interface ValidationDetailLike {
  path: string;
  message: string;
}

export function invalidBody(
  details: ValidationDetailLike[],
  message = 'The request body is invalid.',
): DomainError {
  return new DomainError('INVALID_BODY', message, { details });
}

export function notFound(message = 'Not found.'): DomainError {
  return new DomainError('NOT_FOUND', message);
}
