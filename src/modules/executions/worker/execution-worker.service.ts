import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import type { StepRecord } from '../../engine/engine.types';
import { WorkflowEngine } from '../../engine/workflow-engine.service';
import { ExecutionEntity } from '../entities/execution.entity';
import { ExecutionRecords } from '../execution-records';
import { ExecutionLeases } from '../leases/execution-leases';
import { InFlightRuns } from '../leases/in-flight-runs';
import { ExecutionJobsProducer } from '../queue/execution-jobs.producer';
import { ExecutionSettlement } from '../runs/execution-settlement';
import { failedEnd, RunPass, stoppedSteps } from '../runs/run-pass';
import { PassSlots } from './pass-slots';

/**
 * A worker's part of an async run: one pass per execution a job carries. It takes the execution's lease, resumes it
 * from its stored progress, writes steps as they change, and then either settles it or, when a provider is still
 * working, stores the progress, lets go of the lease and schedules the next pass as a delayed job. Nothing sleeps in
 * between, so the worker can die at any point: another one resumes from the last stored state once the lease lapses.
 */
@Injectable()
export class ExecutionWorker implements BeforeApplicationShutdown {
  private readonly slots: PassSlots;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly engine: WorkflowEngine,
    private readonly pass: RunPass,
    private readonly settlement: ExecutionSettlement,
    private readonly records: ExecutionRecords,
    private readonly leases: ExecutionLeases,
    private readonly inFlight: InFlightRuns,
    private readonly jobs: ExecutionJobsProducer,
  ) {
    this.slots = new PassSlots(config.workerConcurrency);
  }

  /** Executions this process is taking a pass of: a second job for one of them (a re-queue racing a poll) waits out. */
  private readonly busy = new Set<string>();

  /** One pass of each execution of a job, at most WORKER_CONCURRENCY passes at once across this process's jobs. */
  async advanceAll(executionIds: string[]): Promise<void> {
    await Promise.all(executionIds.map((executionId) => this.slots.run(() => this.advance(executionId))));
  }

  async advance(executionId: string): Promise<void> {
    // The lease keeps other processes out; this keeps a second job of this process out (a claim admits its owner).
    if (this.inFlight.stopping || this.busy.has(executionId)) return;
    this.busy.add(executionId);
    try {
      const execution = await this.leases.claim(executionId);
      if (!execution) return; // ended, or another process holds it
      if (execution.status === 'cancel_requested') {
        await this.settlement.close(execution, this.stopped(execution, 'cancelled'), true);
        return;
      }
      if (execution.deadlineAt.getTime() <= Date.now()) {
        await this.settlement.close(execution, this.stopped(execution, 'deadline'), true);
        return;
      }
      await this.runPass(execution);
    } finally {
      this.busy.delete(executionId);
    }
  }

  /** A graceful stop lets go of the runs in flight: another worker (or this one, restarted) resumes them. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.inFlight.stopAll();
  }

  private async runPass(execution: ExecutionEntity): Promise<void> {
    const run = this.inFlight.start(execution);
    try {
      const progress = execution.progress ?? { outputs: {}, submissions: {} };
      const end = await this.pass.run(execution, {
        signal: run.signal,
        stopReason: run.stopReason,
        resume: { steps: execution.steps, progress },
        onStepChange: this.engine.isComputeOnly(execution.plan.graph)
          ? undefined // it ends within this pass: there is nothing to watch
          : this.stepWriter(execution, progress),
      });
      if (run.stopReason() === 'shutdown') {
        await this.leases.release(execution.id, new Date()); // resume from the last stored state
        return;
      }
      if (end.status === 'suspended') {
        const dueAt = new Date(Date.now() + end.retryAfterMs);
        await this.records.saveProgress(execution.id, end.steps, end.progress);
        await this.leases.release(execution.id, dueAt);
        await this.jobs.schedule(execution.id, dueAt, end.progress.submissions);
        return;
      }
      await this.settlement.close(execution, end, true);
    } finally {
      run.end();
    }
  }

  /**
   * Writes the steps and progress as they change, at most once per turn of the event loop: a provider submission
   * is on disk before its first poll, and a poller sees a node running while it runs.
   */
  private stepWriter(execution: ExecutionEntity, progress: NonNullable<ExecutionEntity['progress']>) {
    const steps = new Map<string, StepRecord>(execution.steps.map((step) => [step.nodeId, step]));
    const order = execution.plan.graph.nodes.map((node) => node.id);
    let pending: Promise<void> | null = null;
    return (step: StepRecord): Promise<void> => {
      steps.set(step.nodeId, step);
      pending ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        pending = null;
        const ordered = order.map((id) => steps.get(id)).filter((s): s is StepRecord => s !== undefined);
        return this.records.saveProgress(execution.id, ordered, progress);
      });
      return pending;
    };
  }

  /** The end of a run stopped while no pass was running it (a cancel, or its deadline, seen at the start of a pass). */
  private stopped(execution: ExecutionEntity, why: 'cancelled' | 'deadline') {
    const steps = stoppedSteps(execution.steps);
    if (why === 'cancelled') return { status: 'cancelled' as const, result: null, error: null, steps };
    return failedEnd('TIMEOUT', 'The execution passed its deadline.', null, steps);
  }
}
