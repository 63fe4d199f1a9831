import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { Transactor } from '../../../database/transactor';
import {
  isPaidFor,
  RunBillingService,
  SettledNode,
  settlementOf,
} from '../../billing/runs/run-billing.service';
import type { StepRecord } from '../../engine/engine.types';
import { StepError } from '../../engine/step-error';
import { WorkflowEngine } from '../../engine/workflow-engine.service';
import type { WorkflowGraph } from '../../workflows/workflow.types';
import { ExecutionEntity, ExecutionError, ExecutionStatus } from '../entities/execution.entity';
import { ExecutionEnd, ExecutionRecords } from '../execution-records';

interface RunEnd {
  status: Extract<ExecutionStatus, 'completed' | 'failed' | 'cancelled'>;
  result: unknown;
  error: ExecutionError | null;
  steps: StepRecord[];
}

/**
 * Runs an accepted execution through the engine and settles it: the terminal status, the steps with their
 * cost and grant, and billing (charge completed nodes, refund the rest) in one transaction, conditional on
 * the execution still being open so that it is settled exactly once.
 */
@Injectable()
export class RunExecutor implements BeforeApplicationShutdown {
  private readonly logger = new Logger('RunExecutor');
  private readonly inFlight = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  private stopping = false;

  constructor(
    private readonly engine: WorkflowEngine,
    private readonly transactor: Transactor,
    private readonly billing: RunBillingService,
    private readonly records: ExecutionRecords,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute(execution: ExecutionEntity): Promise<ExecutionEntity> {
    const controller = new AbortController();
    const done = this.executeWith(execution, controller);
    this.inFlight.set(execution.id, { controller, done: done.catch(() => undefined) });
    return done;
  }

  isComputeOnly(graph: WorkflowGraph): boolean {
    return this.engine.isComputeOnly(graph);
  }

  /**
   * Runs a free, compute-only sync run and records it once, finished: such a run takes microseconds, reserves
   * nothing and touches nothing outside the process, so recording it twice (open, then closed) would only double
   * the writes on the hot path. If the process dies mid-run the caller got no answer and no credit was involved.
   */
  async executeThenRecord(execution: ExecutionEntity): Promise<ExecutionEntity> {
    const end = await this.run(execution, undefined, () => false);
    const finished = Object.assign(
      execution,
      this.closing(execution, end, this.settledNodes(execution, end)),
    );
    await this.records.insert(finished);
    return finished;
  }

  /**
   * A graceful stop does not leave runs behind: in-flight runs are aborted and settled as WORKER_LOST (credits
   * refunded) before the database connection closes. A crash is handled by OrphanSweeper at the next start.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const running = [...this.inFlight.values()];
    for (const { controller } of running) controller.abort();
    await Promise.all(running.map(({ done }) => done));
  }

  private async executeWith(
    execution: ExecutionEntity,
    controller: AbortController,
  ): Promise<ExecutionEntity> {
    // One controller for cancel, shutdown and the deadline: a plain timer is far cheaper than linked signals.
    let deadlinePassed = false;
    const timer = setTimeout(
      () => {
        deadlinePassed = true;
        controller.abort();
      },
      Math.max(0, execution.deadlineAt.getTime() - Date.now()),
    );
    try {
      const end = await this.run(execution, controller.signal, () => deadlinePassed);
      return await this.finish(execution, end);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(execution.id);
    }
  }

  /**
   * Ends an execution no process is running any more (its process died, or its deadline passed unnoticed):
   * failed with `code`, settled like any other failed run (nothing charged, the reservation refunded).
   */
  failOrphan(
    execution: ExecutionEntity,
    code: 'WORKER_LOST' | 'TIMEOUT',
    message: string,
  ): Promise<ExecutionEntity> {
    const steps = execution.steps.map((step) =>
      step.status === 'completed' || step.status === 'skipped'
        ? step
        : { ...step, status: 'cancelled' as const },
    );
    return this.finish(execution, {
      status: 'failed',
      result: null,
      error: { code, message, nodeId: null },
      steps,
    });
  }

  isRunningHere(executionId: string): boolean {
    return this.inFlight.has(executionId);
  }

  /** Aborts the execution if this process runs it; true when it did. */
  abort(executionId: string): boolean {
    const running = this.inFlight.get(executionId);
    running?.controller.abort();
    return running !== undefined;
  }

  private async run(
    execution: ExecutionEntity,
    signal: AbortSignal | undefined,
    deadlinePassed: () => boolean,
  ): Promise<RunEnd> {
    const { graph, inputs } = execution.plan;
    try {
      const outcome = await this.engine.run(graph, inputs, {
        signal,
        nodeTimeoutMs: this.config.nodeTimeoutSeconds * 1000,
        executionId: execution.id,
      });
      return { status: 'completed', result: outcome.result, error: null, steps: outcome.steps };
    } catch (error) {
      if (!(error instanceof StepError)) {
        this.logger.error(
          `execution ${execution.id} failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}`,
        );
        return {
          status: 'failed',
          result: null,
          error: { code: 'NODE_ERROR', message: 'The run failed unexpectedly.', nodeId: null },
          steps: [],
        };
      }
      if (deadlinePassed()) {
        return {
          status: 'failed',
          result: null,
          error: { code: 'TIMEOUT', message: 'The execution passed its deadline.', nodeId: error.nodeId },
          steps: error.steps,
        };
      }
      if (error.code === 'CANCELLED' && this.stopping) {
        return {
          status: 'failed',
          result: null,
          error: {
            code: 'WORKER_LOST',
            message: 'The server stopped while this execution ran.',
            nodeId: error.nodeId,
          },
          steps: error.steps,
        };
      }
      if (error.code === 'CANCELLED')
        return { status: 'cancelled', result: null, error: null, steps: error.steps };
      return {
        status: 'failed',
        result: null,
        error: { code: error.code, message: error.message, nodeId: error.nodeId },
        steps: error.steps,
      };
    }
  }

  private async finish(execution: ExecutionEntity, end: RunEnd): Promise<ExecutionEntity> {
    const nodes = this.settledNodes(execution, end);
    const changes = this.closing(execution, end, nodes);
    const settlement = {
      accountId: execution.accountId,
      executionId: execution.id,
      reserved: execution.reserved,
      nodes,
    };
    const settled =
      execution.reserved === 0 && !nodes.some((node) => node.grant)
        ? await this.records.finish(execution.id, changes) // nothing to settle: one statement
        : await this.transactor.run(async (manager) => {
            if (!(await this.records.finish(execution.id, changes, manager))) return false;
            await this.billing.settle(manager, settlement);
            return true;
          });
    if (!settled) {
      this.logger.warn(
        `execution ${execution.id} was already settled elsewhere; its ${end.status} outcome is dropped`,
      );
      return execution;
    }
    return Object.assign(execution, changes);
  }

  /** The columns that close an execution. */
  private closing(execution: ExecutionEntity, end: RunEnd, nodes: SettledNode[]): ExecutionEnd {
    const { charged, refunded } = settlementOf(execution.reserved, nodes);
    const completedAt = new Date();
    const ms = completedAt.getTime() - execution.receivedAt.getTime();
    return {
      status: end.status,
      result: end.result,
      error: end.error,
      steps: end.steps,
      charged,
      refunded,
      completedAt,
      ms,
    };
  }

  /** Marks each model step with its cost and grant, and tells billing which nodes are paid for. */
  private settledNodes(execution: ExecutionEntity, end: Pick<RunEnd, 'status' | 'steps'>): SettledNode[] {
    const byNode = new Map(end.steps.map((step) => [step.nodeId, step]));
    return execution.plan.quote.map((quote) => {
      const step = byNode.get(quote.nodeId);
      const completed = isPaidFor(end.status, step?.status); // a failed run is charged nothing (API.md §8)
      if (step) {
        step.model = quote.model;
        step.grant = quote.grant;
        step.cost = completed && !quote.grant ? quote.credits : 0;
      }
      return { ...quote, completed };
    });
  }
}
