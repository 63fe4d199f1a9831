import {
  applyDecorators,
  Body,
  Controller,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { ApiErrors } from '../../../common/http/swagger-errors';
import { receivedAtOf } from '../../../common/http/received-at';
import { CurrentPrincipal, PathIds, RequireCapability } from '../../auth/decorators/auth.decorators';
import type { Principal } from '../../auth/principal';
import { RateLimitGroup } from '../../throttling/rate-limit-group.decorator';
import { AsyncRunResponse, SyncRunResponse } from '../dto/execution.response';
import { EstimateResponse } from '../dto/estimate.response';
import { ModelRunBodyDto, WorkflowRunBodyDto } from '../dto/run-body.dto';
import { idempotencyKeyOf } from '../idempotency/idempotency-key';
import { IdempotencyService, RouteAnswer } from '../idempotency/idempotency.service';
import { requestFingerprint } from '../idempotency/request-fingerprint';
import { parseAsyncFlag, parsePreferWait, RunContext } from './run-context';
import { RunsService } from './runs.service';

const RUN_ERRORS = [
  'INVALID_BODY',
  'INVALID_INPUTS',
  'ASYNC_NOT_SUPPORTED',
  'MODEL_TIER_REQUIRED',
  'grant_exhausted',
  'INSUFFICIENT_CREDITS',
  'IDEMPOTENCY_IN_PROGRESS',
  'IDEMPOTENCY_KEY_REUSED',
  'EXECUTION_FAILED',
] as const;

function RunDocs() {
  return applyDecorators(
    ApiQuery({
      name: 'async',
      required: false,
      schema: { type: 'string', enum: ['true', 'false'] },
      description: 'Answer 202 at once and run in the background',
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: '1-255 chars; the same request again replays the first answer (24 h)',
    }),
    ApiHeader({
      name: 'Prefer',
      required: false,
      description: '`wait=<seconds>`: answer 202 if the run takes longer (cap SYNC_WAIT_SECONDS)',
    }),
    ApiOkResponse({ type: SyncRunResponse, description: 'Completed: every output produced a result' }),
    ApiAcceptedResponse({
      type: AsyncRunResponse,
      description: 'Accepted: poll `pollUrl` (also in `Location`)',
    }),
    ApiErrors(...RUN_ERRORS),
  );
}

/** The run routes: thin, they turn the HTTP request into a RunContext and send the RunAnswer. */
@ApiTags('runs')
@Controller()
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly idempotency: IdempotencyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('workflows/:slug/run')
  @RateLimitGroup('workflow-run')
  @PathIds({ slug: 'slug' })
  @RequireCapability('workflow:run', 'workflow:{slug}:run')
  @ApiOperation({ summary: 'Run a workflow (sync by default, or ?async=true)' })
  @ApiBody({ type: WorkflowRunBodyDto })
  @RunDocs()
  @ApiErrors('WORKFLOW_NOT_FOUND')
  async runWorkflow(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.serve(principal, request, reply, (context) =>
      this.runs.runWorkflow(principal, slug, body, context),
    );
  }

  @Post('workflows/:slug/estimate')
  @HttpCode(200) // a quote, nothing is created
  @RateLimitGroup('workflow-run')
  @PathIds({ slug: 'slug' })
  @RequireCapability('workflow:run', 'workflow:{slug}:run')
  @ApiOperation({ summary: 'What a run would cost and what would stop it now; runs and reserves nothing' })
  @ApiBody({ type: WorkflowRunBodyDto })
  @ApiQuery({ name: 'async', required: false, schema: { type: 'string', enum: ['true', 'false'] } })
  @ApiOkResponse({ type: EstimateResponse })
  @ApiErrors('WORKFLOW_NOT_FOUND', 'INVALID_BODY', 'INVALID_INPUTS')
  estimate(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: unknown,
    @Query('async') async?: string,
  ): Promise<EstimateResponse> {
    return this.runs.estimate(principal, slug, body, parseAsyncFlag(async));
  }

  @Post('models/:id/run')
  @RateLimitGroup('model-run')
  @PathIds({ id: 'slug' })
  @RequireCapability('model:run', 'model:{id}:run')
  @ApiOperation({ summary: 'Run one registry model directly (same semantics as a workflow run)' })
  @ApiBody({ type: ModelRunBodyDto })
  @RunDocs()
  @ApiErrors('MODEL_NOT_FOUND')
  async runModel(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.serve(principal, request, reply, (context) =>
      this.runs.runModel(principal, id, body, context),
    );
  }

  /** Runs under the request's Idempotency-Key (API.md §7) and sends the answer's status and headers. */
  private async serve(
    principal: Principal,
    request: FastifyRequest,
    reply: FastifyReply,
    run: (context: RunContext) => Promise<RouteAnswer>,
  ): Promise<unknown> {
    const context = this.contextOf(request);
    const requestHash = () =>
      requestFingerprint(
        request.method,
        request.url.split('?')[0],
        request.query as Record<string, unknown>,
        request.body,
      );
    const answer = await this.idempotency.runOnce(
      {
        accountId: principal.accountId,
        key: context.idempotencyKey,
        requestHash,
        requestId: context.requestId,
      },
      () => run(context),
    );
    reply.status(answer.status);
    for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
    return answer.body;
  }

  private contextOf(request: FastifyRequest): RunContext {
    const query = request.query as Record<string, unknown>;
    const prefer = request.headers.prefer;
    return {
      requestId: request.id,
      receivedAt: receivedAtOf(request),
      async: parseAsyncFlag(query.async),
      waitSeconds: parsePreferWait(Array.isArray(prefer) ? prefer[0] : prefer, this.config.syncWaitSeconds),
      idempotencyKey: idempotencyKeyOf(request),
    };
  }
}
