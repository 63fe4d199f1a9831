import { DomainError } from '../../../common/errors/domain-error';
import { AsyncRunResponse, SyncRunResponse } from '../dto/execution.response';
import { ExecutionEntity } from '../entities/execution.entity';

/** What a run route answers: a status, a body and extra headers. */
export interface RunAnswer {
  status: 200 | 202;
  body: SyncRunResponse | AsyncRunResponse;
  headers: Record<string, string>;
}

export function pollUrlOf(executionId: string): string {
  return `/api/executions/${executionId}`;
}

/** 202: accepted, poll (or wait for the webhook). */
export function acceptedAnswer(execution: ExecutionEntity, requestId: string): RunAnswer {
  const pollUrl = pollUrlOf(execution.id);
  return {
    status: 202,
    headers: { Location: pollUrl },
    body: {
      _async: true,
      executionId: execution.id,
      requestId,
      status: 'processing',
      webhookDelivery: {
        configured: execution.webhookUrl !== null,
        ...(execution.webhookUrl ? { url: execution.webhookUrl } : {}),
      },
      pollUrl,
    },
  };
}

/** 200 for a completed run; a failed or cancelled one is 500 EXECUTION_FAILED and charged nothing. */
export function finishedAnswer(execution: ExecutionEntity): RunAnswer {
  if (execution.status !== 'completed') {
    const error = execution.error;
    throw new DomainError('EXECUTION_FAILED', error?.message ?? `The execution was ${execution.status}.`, {
      executionId: execution.id,
      nodeId: error?.nodeId ?? null,
    });
  }
  return {
    status: 200,
    headers: {},
    body: {
      success: true,
      result: execution.result,
      cost: execution.charged,
      ms: execution.ms ?? 0,
      executionId: execution.id,
    },
  };
}
