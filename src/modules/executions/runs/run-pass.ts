import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import type { RunProgress, StepChangeListener, StepRecord } from '../../engine/engine.types';
import { StepError } from '../../engine/step-error';
import { WorkflowEngine } from '../../engine/workflow-engine.service';
import type { ExecutionEntity, ExecutionError, ExecutionStatus } from '../entities/execution.entity';

/** How a run ended. */
export interface RunEnd {
  status: Extract<ExecutionStatus, 'completed' | 'failed' | 'cancelled'>;
  result: unknown;
  error: ExecutionError | null;
  steps: StepRecord[];
}

/** A pass that paused on a provider still working: resume it with `progress` after `retryAfterMs`. */
export interface RunPaused {
  status: 'suspended';
  retryAfterMs: number;
  steps: StepRecord[];
  progress: RunProgress;
}

/** Why the run's signal was aborted, when it was: the caller knows, the engine only sees CANCELLED. */
export type StopReason = 'cancel' | 'deadline' | 'shutdown';

export interface PassOptions {
  signal?: AbortSignal;
  stopReason?: () => StopReason | undefined;
  resume?: { steps: StepRecord[]; progress: RunProgress };
  onStepChange?: StepChangeListener;
}

/**
 * One pass of an execution through the engine, mapped to what the execution records: it ends (completed, failed,
 * cancelled) or pauses. A sync run makes passes in a loop in the process that received it; an async run makes
 * one pass per queue job, in whichever worker takes it.
 */
@Injectable()
export class RunPass {
  private readonly logger = new Logger('RunPass');

  constructor(
    private readonly engine: WorkflowEngine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(execution: ExecutionEntity, options: PassOptions = {}): Promise<RunEnd | RunPaused> {
    const { graph, inputs } = execution.plan;
    try {
      const outcome = await this.engine.run(graph, inputs, {
        signal: options.signal,
        nodeTimeoutMs: this.config.nodeTimeoutSeconds * 1000,
        resume: options.resume,
        executionId: execution.id,
        onStepChange: options.onStepChange,
      });
      if (outcome.suspended)
        return {
          status: 'suspended',
          retryAfterMs: outcome.suspended.retryAfterMs,
          steps: outcome.steps,
          progress: outcome.progress,
        };
      return { status: 'completed', result: outcome.result, error: null, steps: outcome.steps };
    } catch (error) {
      return this.failure(execution, error, options.stopReason?.());
    }
  }

  private failure(execution: ExecutionEntity, error: unknown, stopReason?: StopReason): RunEnd {
    if (!(error instanceof StepError)) {
      this.logger.error(
        `execution ${execution.id} failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}`,
      );
      return failedEnd('NODE_ERROR', 'The run failed unexpectedly.', null, []);
    }
    if (error.code === 'CANCELLED' && stopReason === 'deadline')
      return failedEnd('TIMEOUT', 'The execution passed its deadline.', error.nodeId, error.steps);
    if (error.code === 'CANCELLED' && stopReason === 'shutdown')
      return failedEnd(
        'WORKER_LOST',
        'The server stopped while this execution ran.',
        error.nodeId,
        error.steps,
      );
    if (error.code === 'CANCELLED' && stopReason === 'cancel')
      return { status: 'cancelled', result: null, error: null, steps: error.steps };
    if (error.code === 'CANCELLED') {
      // Nobody stopped it, yet it did not finish: never charge for that; fail it and say so in the log.
      this.logger.error(`execution ${execution.id} stopped with unfinished steps and no reason to stop`);
      return failedEnd('NODE_ERROR', 'The run stopped unexpectedly.', error.nodeId, error.steps);
    }
    return failedEnd(error.code, error.message, error.nodeId, error.steps);
  }
}

export function failedEnd(code: string, message: string, nodeId: string | null, steps: StepRecord[]): RunEnd {
  return { status: 'failed', result: null, error: { code, message, nodeId }, steps };
}

/** Steps of a run that stopped without the engine (nobody was running it): what had not finished is cancelled. */
export function stoppedSteps(steps: StepRecord[]): StepRecord[] {
  return steps.map((step) =>
    step.status === 'completed' || step.status === 'skipped' || step.status === 'failed'
      ? step
      : { ...step, status: 'cancelled' as const },
  );
}
