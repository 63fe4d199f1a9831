import { DomainError } from '../../common/errors/domain-error';

export const executionNotFound = (id: string) =>
  new DomainError('EXECUTION_NOT_FOUND', `No execution with id ${id}.`);

export const modelNotFound = (id: string) =>
  new DomainError('MODEL_NOT_FOUND', `No enabled model with id "${id}".`);

export const asyncNotSupported = (what: string) =>
  new DomainError(
    'ASYNC_NOT_SUPPORTED',
    `${what} cannot run asynchronously: a provider it uses cannot be polled. Run it without ?async=true.`,
  );

export const executionNotCancellable = (execution: { id: string; status: string }) =>
  new DomainError(
    'EXECUTION_NOT_CANCELLABLE',
    `Execution ${execution.id} is ${execution.status}: it cannot be cancelled.`,
    {
      executionId: execution.id,
      status: execution.status,
    },
  );
