import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { Transactor } from '../../../database/transactor';
import type { Principal } from '../../auth/principal';
import { RunBillingService, blockerError } from '../../billing/runs/run-billing.service';
import type { RunQuote } from '../../billing/runs/run-quote';
import { workflowCharges } from '../../billing/pricing/workflow-charges';
import {
  applyParamDefaults,
  validateModelInputs,
  validateModelParams,
  validateRequiredParams,
} from '../../models/model-params';
import { assertModelsConfigured } from '../../models/model-availability';
import { ModelRegistry } from '../../models/model-registry';
import type { ModelEntry } from '../../models/model.types';
import type { MediaInputPolicy } from '../../workflows/graph/media-url';
import { validateRunInputs } from '../../workflows/graph/validate-inputs';
import { wiredInputDetails } from '../../workflows/graph/wired-params';
import type { WorkflowGraph } from '../../workflows/workflow.types';
import { RunnableWorkflow, WorkflowsService } from '../../workflows/workflows.service';
import { EstimateResponse } from '../dto/estimate.response';
import { ExecutionEntity } from '../entities/execution.entity';
import { ExecutionRecords } from '../execution-records';
import { asyncNotSupported, modelNotFound } from '../executions.errors';
import { acceptedAnswer, finishedAnswer, RunAnswer } from './run-answers';
import { assertRunBodyKeys, invalidInputs } from './run-body';
import type { RunContext } from './run-context';
import { RunExecutor } from './run-executor.service';
import { modelRunGraph } from './model-run-graph';
import { mediaKeyFromUrl } from '../../media/media-url';
import { ExecutionLeases } from '../leases/execution-leases';
import { ExecutionJobsProducer } from '../queue/execution-jobs.producer';

/** A run that passed every check, ready to be reserved and started. */
interface AcceptedRun {
  graph: WorkflowGraph;
  inputs: Record<string, unknown>;
  quote: RunQuote;
  workflow: RunnableWorkflow | null;
  modelIds: string[];
}

/**
 * The run path (API.md §7): resolve → validate inputs → async support → tier/grant/credit checks →
 * reserve and create the execution in one transaction → run → answer 200, 500 or 202.
 */
@Injectable()
export class RunsService {
  /**
   * Media URLs a run may give: http too when the server allows http targets (the same rule its fetches follow);
   * this server's own media URLs whatever their scheme, since they are read from the store, never fetched.
   */
  private readonly mediaInputs: MediaInputPolicy;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workflows: WorkflowsService,
    private readonly registry: ModelRegistry,
    private readonly billing: RunBillingService,
    private readonly transactor: Transactor,
    private readonly executor: RunExecutor,
    private readonly records: ExecutionRecords,
    private readonly leases: ExecutionLeases,
    private readonly jobs: ExecutionJobsProducer,
  ) {
    this.mediaInputs = {
      allowHttp: config.allowHttpTargets,
      isOwnMedia: (url) => mediaKeyFromUrl(url, config.publicBaseUrl) !== null,
    };
  }

  async runWorkflow(
    principal: Principal,
    slug: string,
    body: unknown,
    context: RunContext,
  ): Promise<RunAnswer> {
    const run = await this.checkWorkflowRun(principal, slug, body, context.async);
    if (run.quote.blockers.length > 0) throw blockerError(run.quote.blockers[0]);
    return this.start(principal, run, context);
  }

  async runModel(
    principal: Principal,
    modelId: string,
    body: unknown,
    context: RunContext,
  ): Promise<RunAnswer> {
    const entry = this.registry.get(modelId);
    if (!entry) throw modelNotFound(modelId);
    assertRunBodyKeys(body, ['inputs', 'params']);
    const { inputs, params } = this.checkModelBody(entry, body as { inputs?: unknown; params?: unknown });
    if (context.async && !entry.supportsAsync) throw asyncNotSupported(`The model ${entry.id}`);
    const graph = modelRunGraph(entry, inputs, params);
    const quote = await this.quote(principal, graph, inputs);
    if (quote.blockers.length > 0) throw blockerError(quote.blockers[0]);
    return this.start(principal, { graph, inputs, quote, workflow: null, modelIds: [entry.id] }, context);
  }

  async estimate(
    principal: Principal,
    slug: string,
    body: unknown,
    async: boolean,
  ): Promise<EstimateResponse> {
    const workflow = await this.workflows.getRunnable(principal.accountId, slug);
    const { quote } = await this.checkInputsAndQuote(principal, workflow, body);
    const blockers: EstimateResponse['blockers'] = [...quote.blockers];
    if (async && !this.workflows.supportsAsync(workflow)) {
      blockers.unshift({
        code: 'ASYNC_NOT_SUPPORTED',
        message: asyncNotSupported(`The workflow ${slug}`).message,
      });
    }
    return {
      estimatedCreditCost: quote.total,
      nodes: quote.nodes.map(({ nodeId, model, credits, grant }) => ({ nodeId, model, credits, grant })),
      blockers,
    };
  }

  private async checkWorkflowRun(
    principal: Principal,
    slug: string,
    body: unknown,
    async: boolean,
  ): Promise<AcceptedRun> {
    const workflow = await this.workflows.getRunnable(principal.accountId, slug);
    const { inputs, quote } = await this.checkInputsAndQuote(principal, workflow, body, () => {
      if (async && !this.workflows.supportsAsync(workflow)) throw asyncNotSupported(`The workflow ${slug}`);
    });
    const modelIds = [...new Set(quote.nodes.map((node) => node.model))];
    return { graph: { nodes: workflow.nodes, edges: workflow.edges }, inputs, quote, workflow, modelIds };
  }

  /** Inputs are checked before async support, which is checked before billing (the §7 order). */
  private async checkInputsAndQuote(
    principal: Principal,
    workflow: RunnableWorkflow,
    body: unknown,
    beforeQuote?: () => void,
  ) {
    assertRunBodyKeys(body, ['inputs']);
    const checked = validateRunInputs(workflow.fields, body, this.mediaInputs);
    if ('details' in checked) throw invalidInputs(checked.details);
    // An input wired into a model param is checked as that param (API.md §7), so the quote prices checked values.
    const wired = wiredInputDetails(workflow, (id) => this.registry.get(id), checked.inputs);
    if (wired.length > 0) throw invalidInputs(wired);
    beforeQuote?.();
    const quote = await this.quote(principal, workflow, checked.inputs);
    return { inputs: checked.inputs, quote };
  }

  private quote(
    principal: Principal,
    graph: WorkflowGraph,
    inputs: Record<string, unknown>,
  ): Promise<RunQuote> {
    assertModelsConfigured(graph, (id) => this.registry.missingSetting(id));
    const charges = workflowCharges(
      graph,
      (id) => this.registry.get(id),
      this.billing.tierMultiplier(principal),
      inputs,
    );
    return this.billing.quote(principal, charges);
  }

  private checkModelBody(entry: ModelEntry, body: { inputs?: unknown; params?: unknown }) {
    const params = body.params ?? {};
    const details = [
      ...(body.inputs === undefined
        ? [{ path: 'inputs', message: 'is required' }]
        : validateModelInputs(entry, body.inputs, 'inputs', this.mediaInputs)),
      ...validateModelParams(entry, params, 'params'),
    ];
    if (details.length === 0)
      details.push(...validateRequiredParams(entry, params as Record<string, unknown>, 'params'));
    if (details.length > 0) throw invalidInputs(details);
    return {
      inputs: body.inputs as Record<string, unknown>,
      params: applyParamDefaults(entry, params as Record<string, unknown>),
    };
  }

  private async start(principal: Principal, run: AcceptedRun, context: RunContext): Promise<RunAnswer> {
    if (
      !context.async &&
      run.quote.total === 0 &&
      run.quote.grants.length === 0 &&
      this.executor.isComputeOnly(run.graph)
    ) {
      return finishedAnswer(
        await this.executor.executeThenRecord(this.newExecution(principal, run, context)),
      );
    }
    const execution = await this.accept(principal, run, context);
    if (context.async) {
      // 202 before any provider work: a worker takes it from the queue (API.md §7). Compute-only runs of one turn
      // share a job (their passes take microseconds); a run with a model node gets a job of its own, so a worker
      // never holds more provider work than it can start.
      if (this.executor.isComputeOnly(run.graph))
        await this.jobs.scheduleAccepted(execution.id, execution.nextRunAt!);
      else await this.jobs.schedule(execution.id, execution.nextRunAt!);
      return acceptedAnswer(execution, context.requestId);
    }
    const finished = this.executor.execute(execution);
    const outcome = await waitAtMost(finished, context.waitSeconds * 1000);
    if (outcome) return finishedAnswer(outcome);
    this.executor.markAnsweredAccepted(execution.id);
    return acceptedAnswer(execution, context.requestId);
  }

  /** A new open execution for an accepted run. */
  private newExecution(principal: Principal, run: AcceptedRun, context: RunContext): ExecutionEntity {
    const now = new Date();
    return {
      id: randomUUID(),
      accountId: principal.accountId,
      apiKeyId: principal.keyId,
      requestId: context.requestId,
      mode: context.async ? 'async' : 'sync',
      workflowId: run.workflow?.id ?? null,
      workflowSlug: run.workflow?.slug ?? null,
      workflowVersion: run.workflow?.version ?? null,
      modelIds: run.modelIds,
      status: 'processing',
      plan: { graph: run.graph, inputs: run.inputs, quote: run.quote.nodes },
      result: null,
      error: null,
      steps: [],
      reserved: run.quote.total,
      charged: 0,
      refunded: 0,
      ms: null,
      idempotencyKey: context.idempotencyKey,
      receivedAt: new Date(context.receivedAt),
      createdAt: now,
      startedAt: now,
      completedAt: null,
      deadlineAt: new Date(now.getTime() + this.config.executionTimeoutSeconds * 1000),
      webhookUrl: principal.webhookUrl,
      // A sync run is held by this process while it runs; an async one waits for a worker, due now.
      leaseOwner: context.async ? null : this.leases.owner,
      leaseExpiresAt: context.async ? null : this.leases.expiry(now.getTime()),
      nextRunAt: context.async ? now : null,
      progress: null,
    };
  }

  /** Reserves credits, claims grants and records the execution in one transaction: all or nothing. */
  private async accept(
    principal: Principal,
    run: AcceptedRun,
    context: RunContext,
  ): Promise<ExecutionEntity> {
    const execution = this.newExecution(principal, run, context);
    if (run.quote.total === 0 && run.quote.grants.length === 0) {
      await this.records.insert(execution); // nothing to reserve: one statement is atomic on its own
      return execution;
    }
    if (this.transactor.isPostgres && run.quote.grants.length === 0) {
      // One statement reserves and records it: the account row is locked for the least possible time.
      const refused = await this.billing.reserveAlong(
        principal,
        run.quote,
        execution.id,
        this.records.asCompanionRow(execution),
      );
      if (refused) throw refused;
      this.records.announce(execution); // written by billing's statement, so not through insert
      return execution;
    }
    const refusal = await this.transactor.run(async (manager) => {
      // The execution first: the account row is locked (PostgreSQL) only from the reservation to the commit.
      await this.records.insert(execution, manager);
      const refused = await this.billing.reserve(manager, principal, run.quote, execution.id);
      if (refused) await this.records.remove(execution.id, manager); // undone, not rolled back (see Transactor)
      return refused;
    });
    if (refusal) throw refusal;
    return execution;
  }
}

/** The promise's value, or null when it takes longer than `ms` (it keeps running). */
async function waitAtMost<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
