import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Page, PageRequest } from '../../common/http/pagination';
import type { ExecutionEntity } from '../executions/entities/execution.entity';
import { AttemptRecords } from './attempt-records';
import { DeliveryRecords } from './delivery-records';
import type { DeliveryStatus } from './entities/webhook-delivery.entity';
import { executionEventBody, executionEventOf } from './execution-event';
import { WebhookDeliveryProducer } from './queue/webhook-delivery.producer';
import type { DeliveryLogRow } from './webhook-attempt';

export interface DeliverySummary {
  status: 'none' | DeliveryStatus;
  attempts: number;
}

/**
 * What the executions module asks of webhooks: record an ended execution's event inside its settlement
 * transaction, queue it after commit, and read delivery state and logs for execution views.
 */
@Injectable()
export class WebhookDeliveries {
  constructor(
    private readonly deliveries: DeliveryRecords,
    private readonly attempts: AttemptRecords,
    private readonly producer: WebhookDeliveryProducer,
  ) {}

  /**
   * Records the event of an execution that has just ended (its terminal status, result or error, charge, ms and
   * completedAt already set), due now; null when it was made without a webhook. Pass the settlement transaction's
   * manager so the event exists exactly when the end does; call `schedule` after commit.
   */
  async recordForExecution(execution: ExecutionEntity, manager?: EntityManager): Promise<string | null> {
    if (!execution.webhookUrl) return null;
    const now = new Date();
    const id = randomUUID();
    await this.deliveries.insert(
      {
        id,
        accountId: execution.accountId,
        apiKeyId: execution.apiKeyId,
        executionId: execution.id,
        event: executionEventOf(execution.status),
        webhookId: randomUUID(),
        url: execution.webhookUrl,
        payload: JSON.stringify(executionEventBody(execution)),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      },
      manager,
    );
    return id;
  }

  /** Queues the delivery's next attempt for when it is due. Harmless twice; a lost call is made good by the sweeper. */
  async schedule(deliveryId: string): Promise<void> {
    const delivery = await this.deliveries.find(deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    const dueInMs = (delivery.nextAttemptAt?.getTime() ?? 0) - Date.now();
    await this.producer.enqueue(delivery.id, delivery.attempts, Math.max(0, dueInMs));
  }

  /** Each execution's delivery state for its view (`none` when it has no delivery), in one query. */
  async summaries(executionIds: string[]): Promise<Map<string, DeliverySummary>> {
    const found = await this.deliveries.summaries(executionIds);
    return new Map(
      executionIds.map((id): [string, DeliverySummary] => [
        id,
        found.get(id) ?? { status: 'none', attempts: 0 },
      ]),
    );
  }

  /** The execution's attempts, oldest first (API.md §8). The caller has checked the execution is the account's. */
  listForExecution(accountId: string, executionId: string, page: PageRequest): Promise<Page<DeliveryLogRow>> {
    return this.attempts.pageForExecution(accountId, executionId, page);
  }
}
