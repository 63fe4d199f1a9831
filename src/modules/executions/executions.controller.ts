import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parsePageQuery, Page } from '../../common/http/pagination';
import { ApiErrors } from '../../common/http/swagger-errors';
import { ApiPaged } from '../../common/http/swagger-paging';
import { CurrentPrincipal, PathIds, RequireCapability } from '../auth/decorators/auth.decorators';
import type { Principal } from '../auth/principal';
import { ExecutionResponse } from './dto/execution.response';
import { EXECUTION_STATUSES } from './entities/execution.entity';
import { ExecutionsService } from './executions.service';

@ApiTags('executions')
@Controller('executions')
export class ExecutionsController {
  constructor(private readonly executions: ExecutionsService) {}

  @Get()
  @RequireCapability('execution:read')
  @ApiOperation({ summary: "The account's executions, newest first" })
  @ApiQuery({ name: 'status', required: false, enum: EXECUTION_STATUSES })
  @ApiQuery({ name: 'workflowSlug', required: false })
  @ApiQuery({ name: 'idempotencyKey', required: false })
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
}
