import { Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { parsePageQuery, Page } from '../../common/http/pagination';
import { ApiErrors } from '../../common/http/swagger-errors';
import { ApiPaged } from '../../common/http/swagger-paging';
import { CurrentPrincipal, PathIds, RequireCapability } from '../auth/decorators/auth.decorators';
import type { Principal } from '../auth/principal';
import { ExecutionResponse } from './dto/execution.response';
import { EXECUTION_STATUSES } from './entities/execution.entity';
import { ExecutionsService } from './executions.service';
import { ExecutionCancelService } from './cancel/execution-cancel.service';
import { DeliveryAttemptResponse } from '../webhooks/dto/delivery-attempt.response';
import type { DeliveryLogRow } from '../webhooks/webhook-attempt';

@ApiTags('executions')
@Controller('executions')
export class ExecutionsController {
  constructor(
    private readonly executions: ExecutionsService,
    private readonly cancels: ExecutionCancelService,
  ) {}

  @Get()
  @RequireCapability('execution:read')
  @ApiOperation({ summary: "The account's executions, newest first" })
  @ApiQuery({ name: 'status', required: false, enum: EXECUTION_STATUSES })
  @ApiQuery({ name: 'workflowSlug', required: false, type: String })
  @ApiQuery({ name: 'idempotencyKey', required: false, type: String })
  @ApiPaged(ExecutionResponse)
  @ApiErrors('INVALID_BODY')
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, string>,
  ): Promise<Page<ExecutionResponse>> {
    const { status, workflowSlug, idempotencyKey } = query;
    return this.executions.list(
      principal.accountId,
      { status, workflowSlug, idempotencyKey },
      parsePageQuery(query),
    );
  }

  @Get(':id')
  @PathIds({ id: 'uuid' })
  @RequireCapability('execution:read')
  @ApiOperation({ summary: 'One execution: status, result or error, steps, billing' })
  @ApiOkResponse({ type: ExecutionResponse })
  @ApiErrors('EXECUTION_NOT_FOUND')
  read(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ExecutionResponse> {
    return this.executions.read(principal.accountId, id);
  }

  @Get(':id/webhook-deliveries')
  @PathIds({ id: 'uuid' })
  @RequireCapability('execution:read')
  @ApiOperation({ summary: "Every webhook delivery attempt of the execution's events, oldest first" })
  @ApiPaged(DeliveryAttemptResponse)
  @ApiErrors('EXECUTION_NOT_FOUND', 'INVALID_BODY')
  deliveries(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: Record<string, string>,
  ): Promise<Page<DeliveryLogRow>> {
    return this.executions.deliveryLog(principal.accountId, id, parsePageQuery(query));
  }

  @Post(':id/cancel')
  @PathIds({ id: 'uuid' })
  @RequireCapability('execution:cancel')
  @ApiOperation({
    summary: 'Cancel an execution in flight: provider calls are aborted; only finished nodes are charged',
  })
  @ApiAcceptedResponse({ type: ExecutionResponse, description: 'Cancel requested: it ends `cancelled`' })
  @ApiOkResponse({ type: ExecutionResponse, description: 'Already cancelling or cancelled' })
  @ApiErrors('EXECUTION_NOT_FOUND', 'EXECUTION_NOT_CANCELLABLE')
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ExecutionResponse> {
    const outcome = await this.cancels.cancel(principal.accountId, id);
    reply.status(outcome.status);
    return this.executions.view(outcome.execution);
  }
}
