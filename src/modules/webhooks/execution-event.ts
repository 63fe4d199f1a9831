import type { ExecutionEntity, ExecutionStatus } from '../executions/entities/execution.entity';

export type ExecutionEventName = 'execution.completed' | 'execution.failed' | 'execution.cancelled';

const EVENT_OF: Partial<Record<ExecutionStatus, ExecutionEventName>> = {
  completed: 'execution.completed',
  failed: 'execution.failed',
  cancelled: 'execution.cancelled',
};

/** The fields of an ended execution that its event carries. */
export type EndedExecution = Pick<
  ExecutionEntity,
  | 'id'
  | 'accountId'
  | 'requestId'
  | 'workflowSlug'
  | 'modelIds'
  | 'status'
  | 'result'
  | 'error'
  | 'charged'
  | 'ms'
  | 'createdAt'
  | 'completedAt'
>;

/** The event an execution's end is delivered as; only terminal statuses have one. */
export function executionEventOf(status: ExecutionStatus): ExecutionEventName {
  const event = EVENT_OF[status];
  if (!event) throw new Error(`an execution in status ${status} has not ended, so it has no webhook event`);
  return event;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * The body of an execution's event (API.md §9), as it reads in GET /api/executions/:id: `result` only when it
 * completed, `error` only when there is one, `cost` is what was charged, `userId` the owning account.
 */
export function executionEventBody(execution: EndedExecution): Record<string, unknown> {
  const e = execution;
  return {
    event: executionEventOf(e.status),
    executionId: e.id,
    requestId: e.requestId,
    userId: e.accountId,
    workflowSlug: e.workflowSlug,
    modelIds: e.modelIds,
    status: e.status,
    ...(e.status === 'completed' ? { result: e.result } : {}),
    ...(e.error ? { error: e.error } : {}),
    cost: e.charged,
    ms: e.ms,
    createdAt: iso(e.createdAt),
    completedAt: iso(e.completedAt),
  };
}
