import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { StepRecord, RunProgress } from '../../engine/engine.types';
import { WorkflowEngine } from '../../engine/workflow-engine.service';
import { sleep } from '../../providers/run-provider';
import type { WorkflowGraph } from '../../workflows/workflow.types';
import { ExecutionEntity } from '../entities/execution.entity';
import { ExecutionRecords } from '../execution-records';
import { ExecutionLeases } from '../leases/execution-leases';
import { InFlightRuns, RunningExecution } from '../leases/in-flight-runs';
import { ExecutionSettlement } from './execution-settlement';
import { RunEnd, RunPass } from './run-pass';

/**
 * Runs a sync execution in the process that received it (API.md §7): passes through the engine, waiting in this
 * process while a provider works, then settles it. The process holds the execution's lease meanwhile; if it dies,
 * a worker fails the run WORKER_LOST once the lease lapses (its caller's connection died with it).
 */
@Injectable()
export class RunExecutor implements BeforeApplicationShutdown {
  /** Sync runs that were answered 202 (Prefer: wait ran out): their end is delivered like an async run's. */
  private readonly answeredAccepted = new Set<string>();

  constructor(
    private readonly engine: WorkflowEngine,
    private readonly pass: RunPass,
    private readonly settlement: ExecutionSettlement,
    private readonly records: ExecutionRecords,
    private readonly leases: ExecutionLeases,
    private readonly inFlight: InFlightRuns,
  ) {}

  isComputeOnly(graph: WorkflowGraph): boolean {
    return this.engine.isComputeOnly(graph);
  }

  /**
   * Runs a free, compute-only sync run and records it once, finished: such a run takes microseconds, reserves
   * nothing and touches nothing outside the process, so recording it twice (open, then closed) would only double
   * the writes on the hot path. If the process dies mid-run the caller got no answer and no credit was involved.
   */
  async executeThenRecord(execution: ExecutionEntity): Promise<ExecutionEntity> {
    const end = (await this.pass.run(execution)) as RunEnd; // compute-only: never waits on a provider
    const finished = this.settlement.closedCopy(execution, end);
    await this.records.insert(finished);
    return finished;
  }

  /** Runs an execution recorded open with this process's lease; resolves with it closed. */
  execute(execution: ExecutionEntity): Promise<ExecutionEntity> {
    const run = this.inFlight.start(execution);
    this.leases.hold(execution.id);
    return this.executeWith(execution, run).finally(() => {
      run.end();
      this.answeredAccepted.delete(execution.id);
    });
  }

  /** The caller was answered 202: when the run ends, its key's webhook hears of it. */
  markAnsweredAccepted(executionId: string): void {
    if (this.inFlight.has(executionId)) this.answeredAccepted.add(executionId);
  }

  /**
   * A graceful stop does not leave runs behind: in-flight sync runs are aborted and settled as WORKER_LOST (credits
   * refunded) before the database connection closes; their callers' connections are closing too.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.inFlight.stopAll();
  }

  private async executeWith(execution: ExecutionEntity, run: RunningExecution): Promise<ExecutionEntity> {
    const { signal, stopReason } = run;
    let resume: { steps: StepRecord[]; progress: RunProgress } | undefined;
    for (;;) {
      const end = await this.pass.run(execution, { signal, stopReason, resume });
      if (end.status !== 'suspended') {
        const closed = await this.settlement.close(execution, end, this.answeredAccepted.has(execution.id));
        // Closed elsewhere first (a sweep, a cancel): the caller gets how it really ended.
        return closed ?? (await this.records.load(execution.id)) ?? execution;
      }
      // Waiting on a provider: show the steps so far to anyone polling, then look again when it asked.
      resume = { steps: end.steps, progress: end.progress };
      await this.records.saveProgress(execution.id, end.steps, end.progress);
      await sleep(end.retryAfterMs, signal).catch(() => undefined); // the next pass sees the abort
    }
  }
}
