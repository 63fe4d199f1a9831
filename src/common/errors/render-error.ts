import { DomainError } from './domain-error';
import { statusOf } from './error-codes';

/** The wire form of an error (API.md §1), shared by the filter and the idempotency store. */
export function renderError(
  error: DomainError,
  requestId: string,
): { status: number; body: Record<string, unknown> } {
  return {
    status: statusOf(error.code),
    body: { error: error.message, code: error.code, requestId, ...error.context },
  };
}
