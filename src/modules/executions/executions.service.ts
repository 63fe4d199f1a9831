import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { invalidBody } from '../../common/errors/domain-error';
import { fetchPage, Page, PageRequest } from '../../common/http/pagination';
import { ExecutionResponse } from './dto/execution.response';
import { EXECUTION_STATUSES, ExecutionEntity, ExecutionStatus } from './entities/execution.entity';
import { executionNotFound } from './executions.errors';
import { toExecutionView } from './execution.view';

export interface ExecutionFilters {
  status?: string;
  workflowSlug?: string;
  idempotencyKey?: string;
}

/** The read side of executions: one, or the account's newest first with filters. */
@Injectable()
export class ExecutionsService {
  constructor(@InjectRepository(ExecutionEntity) private readonly executions: Repository<ExecutionEntity>) {}

  async getOwned(accountId: string, id: string): Promise<ExecutionEntity> {
    const execution = await this.executions.findOne({ where: { id, accountId } });
    if (!execution) throw executionNotFound(id);
    return execution;
  }

  async read(accountId: string, id: string): Promise<ExecutionResponse> {
    return toExecutionView(await this.getOwned(accountId, id));
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
    return fetchPage(query, 'execution', page, toExecutionView);
  }
}
