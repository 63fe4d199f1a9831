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

/**
 * A list row carries its result only when the stored JSON is at most this many characters: a page of 100 rows
 * is then at most ~6 MiB of results, where whole results (up to MAX_RESULT_BYTES each) could reach a gigabyte.
 */
export const LIST_RESULT_MAX_CHARS = 64 * 1024;

/** What a list row shows (API.md §8): every column of the view but `result`, which is read apart, and `plan`. */
const LIST_COLUMNS = [
  'id',
  'requestId',
  'mode',
  'workflowSlug',
  'modelIds',
  'status',
  'error',
  'steps',
  'reserved',
  'charged',
  'refunded',
  'ms',
  'createdAt',
  'startedAt',
  'completedAt',
  'webhookUrl',
] as const satisfies ReadonlyArray<keyof ExecutionEntity>;

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
      .select(LIST_COLUMNS.map((column) => `execution.${column}`))
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
    const listed = {
      ...found,
      data: found.data.map((execution) => toExecutionView(execution, deliveries.get(execution.id))),
    };
    await this.attachSmallResults(listed.data);
    return listed;
  }

  /** Completed rows get their result when it is small, else `resultOmitted: true` (read the execution for it). */
  private async attachSmallResults(views: ExecutionResponse[]): Promise<void> {
    const completed = views.filter((view) => view.status === 'completed');
    if (completed.length === 0) return;
    const rows: Array<{ id: string; size: number | string | null; result: string | null }> =
      await this.executions
        .createQueryBuilder('execution')
        .select('execution.id', 'id')
        .addSelect('LENGTH(execution.result)', 'size')
        .addSelect('CASE WHEN LENGTH(execution.result) <= :cap THEN execution.result END', 'result')
        .where('execution.id IN (:...ids)', { ids: completed.map((view) => view.executionId) })
        .setParameter('cap', LIST_RESULT_MAX_CHARS)
        .getRawMany();
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const view of completed) Object.assign(view, listedResult(byId.get(view.executionId)));
  }
}

/** A null result is stored as NULL (no size); a small one comes back as its JSON; a large one does not come back. */
function listedResult(row: { size: unknown; result: string | null } | undefined) {
  if (row?.size === null || row?.size === undefined) return { result: null };
  return row.result === null ? { resultOmitted: true } : { result: JSON.parse(row.result) as unknown };
}
