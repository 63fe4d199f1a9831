import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { invalidBody } from '../../common/errors/domain-error';
import { fetchPage, Page, PageRequest } from '../../common/http/pagination';
import { ExecutionResponse } from './dto/execution.response';
import { EXECUTION_STATUSES, ExecutionEntity, ExecutionStatus } from './entities/execution.entity';
import { executionNotFound } from './executions.errors';
import { toExecutionView } from './execution.view';
import type { DeliveryLogRow } from '../webhooks/webhook-attempt';
import { WebhookDeliveries } from '../webhooks/webhook-deliveries.service';

export interface ExecutionFilters {
  status?: string;
  workflowSlug?: string;
  idempotencyKey?: string;
}

/** The read side of executions: one, or the account's newest first with filters. */
@Injectable()
export class ExecutionsService {
  constructor(
    @InjectRepository(ExecutionEntity) private readonly executions: Repository<ExecutionEntity>,
    private readonly deliveries: WebhookDeliveries,
  ) {}

  async getOwned(accountId: string, id: string): Promise<ExecutionEntity> {
    const execution = await this.executions.findOne({ where: { id, accountId } });
    if (!execution) throw executionNotFound(id);
    return execution;
  }

  async read(accountId: string, id: string): Promise<ExecutionResponse> {
    return this.view(await this.getOwned(accountId, id));
  }

  /** The execution as callers see it, its webhook delivery state included. */
  async view(execution: ExecutionEntity): Promise<ExecutionResponse> {
    const delivery = execution.webhookUrl
      ? (await this.deliveries.summaries([execution.id])).get(execution.id)
      : undefined;
    return toExecutionView(execution, delivery);
  }

  /** Every delivery attempt of the account's execution, oldest first (API.md §8). */
  async deliveryLog(accountId: string, id: string, page: PageRequest): Promise<Page<DeliveryLogRow>> {
    await this.getOwned(accountId, id);
    return this.deliveries.listForExecution(accountId, id, page);
  }

  async list(
    accountId: string,
    filters: ExecutionFilters,
    page: PageRequest,
  ): Promise<Page<ExecutionResponse>> {
    if (filters.status !== undefined && !EXECUTION_STATUSES.includes(filters.status as ExecutionStatus)) {
      throw invalidBody(
        [{ path: 'status', message: `must be one of ${EXECUTION_STATUSES.join(', ')}` }],
        'Invalid status filter.',
      );
    }
    const query = this.executions
      .createQueryBuilder('execution')
      .where('execution.account_id = :accountId', { accountId });
    if (filters.status) query.andWhere('execution.status = :status', { status: filters.status });
    if (filters.workflowSlug)
      query.andWhere('execution.workflow_slug = :slug', { slug: filters.workflowSlug });
    if (filters.idempotencyKey)
      query.andWhere('execution.idempotency_key = :key', { key: filters.idempotencyKey });
    const found = await fetchPage(query, 'execution', page, (execution) => execution);
    const withWebhook = found.data
      .filter((execution) => execution.webhookUrl)
      .map((execution) => execution.id);
    const deliveries = withWebhook.length > 0 ? await this.deliveries.summaries(withWebhook) : new Map();
    return {
      ...found,
      data: found.data.map((execution) => toExecutionView(execution, deliveries.get(execution.id))),
    };
  }
}
