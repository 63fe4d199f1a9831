import { ExecutionResponse } from './dto/execution.response';
import { ExecutionEntity } from './entities/execution.entity';
import type { DeliverySummary } from '../webhooks/webhook-deliveries.service';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The execution record callers see (API.md §8); plan and inputs stay internal. */
export function toExecutionView(
  execution: ExecutionEntity,
  delivery: DeliverySummary = { status: 'none', attempts: 0 },
): ExecutionResponse {
  return {
    executionId: execution.id,
    requestId: execution.requestId,
    mode: execution.mode,
    workflowSlug: execution.workflowSlug,
    modelIds: execution.modelIds,
    status: execution.status,
    ...(execution.status === 'completed' ? { result: execution.result } : {}),
    ...(execution.error ? { error: execution.error } : {}),
    cost: execution.charged,
    ...(execution.ms !== null ? { ms: execution.ms } : {}),
    createdAt: execution.createdAt.toISOString(),
    startedAt: iso(execution.startedAt),
    completedAt: iso(execution.completedAt),
    steps: execution.steps,
    billing: { reserved: execution.reserved, charged: execution.charged, refunded: execution.refunded },
    webhookDelivery: {
      configured: execution.webhookUrl !== null,
      ...(execution.webhookUrl ? { url: execution.webhookUrl } : {}),
      status: delivery.status,
      attempts: delivery.attempts,
    },
  };
}
