import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/swagger-errors';
import { CurrentPrincipal, PathIds, Public, RequireCapability } from '../auth/decorators/auth.decorators';
import type { Principal } from '../auth/principal';
import { WorkflowBodyDto } from './dto/workflow.dto';
import {
  PublicSchemaResponse,
  WorkflowDocumentResponse,
  WorkflowSchemaResponse,
  WorkflowSummaryResponse,
} from './dto/workflow.response';
import { WorkflowsService } from './workflows.service';

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  @Get()
  @RequireCapability('workflow:read')
  @ApiOperation({ summary: "The account's workflows" })
  @ApiOkResponse({ type: [WorkflowSummaryResponse] })
  list(@CurrentPrincipal() principal: Principal): Promise<WorkflowSummaryResponse[]> {
    return this.workflows.list(principal);
  }

  @Post()
  @RequireCapability('workflow:write')
  @ApiOperation({ summary: 'Create a workflow (slug from the body, or made from the name)' })
  @ApiBody({ type: WorkflowBodyDto })
  @ApiCreatedResponse({ type: WorkflowDocumentResponse })
  @ApiErrors('INVALID_BODY', 'INVALID_SLUG', 'INVALID_WORKFLOW', 'SLUG_TAKEN')
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<WorkflowDocumentResponse> {
    return this.workflows.create(principal, body);
  }

  @Get(':slug')
  @PathIds({ slug: 'slug' })
  @RequireCapability('workflow:read')
  @ApiOperation({ summary: 'A workflow document (round-trips into POST)' })
  @ApiOkResponse({ type: WorkflowDocumentResponse })
  @ApiErrors('WORKFLOW_NOT_FOUND')
  read(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<WorkflowDocumentResponse> {
    return this.workflows.read(principal, slug);
  }

  @Put(':slug')
  @PathIds({ slug: 'slug' })
  @RequireCapability('workflow:write')
  @ApiOperation({ summary: 'Replace a workflow; version increments; If-Match guards against lost updates' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you read, `3` or `"3"`' })
  @ApiBody({ type: WorkflowBodyDto })
  @ApiOkResponse({ type: WorkflowDocumentResponse })
  @ApiErrors('WORKFLOW_NOT_FOUND', 'INVALID_BODY', 'INVALID_WORKFLOW', 'VERSION_CONFLICT')
  replace(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch?: string,
  ): Promise<WorkflowDocumentResponse> {
    return this.workflows.replace(principal, slug, body, ifMatch);
  }

  @Delete(':slug')
  @HttpCode(204)
  @PathIds({ slug: 'slug' })
  @RequireCapability('workflow:write')
  @ApiOperation({ summary: 'Delete a workflow; its executions stay readable and its slug is never reused' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors('WORKFLOW_NOT_FOUND')
  remove(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string): Promise<void> {
    return this.workflows.remove(principal, slug);
  }

  @Get(':slug/schema')
  @PathIds({ slug: 'slug' })
  @RequireCapability('workflow:read')
  @ApiOperation({ summary: 'Input fields, defaults, cost and the JSON Schema (2020-12) of `inputs`' })
  @ApiOkResponse({ type: WorkflowSchemaResponse })
  @ApiErrors('WORKFLOW_NOT_FOUND')
  schema(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<WorkflowSchemaResponse> {
    return this.workflows.schema(principal, slug);
  }

  @Get(':slug/public-schema')
  @Public()
  @PathIds({ slug: 'slug' })
  @ApiOperation({ summary: 'The schema without cost, for workflows with publicPlayground (no key needed)' })
  @ApiOkResponse({ type: PublicSchemaResponse })
  @ApiErrors('WORKFLOW_NOT_FOUND', 'INTERNAL_ERROR')
  publicSchema(@Param('slug') slug: string): Promise<PublicSchemaResponse> {
    return this.workflows.publicSchema(slug);
  }
}
