import { DomainError } from '../../../common/errors/domain-error';
import type { ValidationDetail } from '../../workflows/workflow.types';

/** A run body is `{ inputs }` (workflows) or `{ inputs, params? }` (models): other top-level keys are refused. */
export function assertRunBodyKeys(body: unknown, allowed: readonly string[]): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError('INVALID_INPUTS', 'The request body must be a JSON object with `inputs`.', {
      details: [{ path: 'inputs', message: 'is required' }],
    });
  }
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new DomainError('INVALID_BODY', 'The request body has unknown fields.', {
      details: unknown.map((key) => ({
        path: key,
        message: `is not a field of this request; allowed: ${allowed.join(', ')}`,
      })),
    });
  }
}

export function invalidInputs(details: ValidationDetail[]): DomainError {
  return new DomainError(
    'INVALID_INPUTS',
    `The run inputs are invalid (${details.length} problem${details.length === 1 ? '' : 's'}).`,
    { details },
  );
}
