import { Inject, Injectable } from '@nestjs/common';
import type { AppLogger } from '../../common/logging/app-logger';
import type { ExecutionEntity } from '../executions/entities/execution.entity';
import type { ExecutionEnd } from '../executions/execution-records';
import { APP_LOGGER } from './telemetry.tokens';
import { Telemetry } from './telemetry';

const OPEN = new Set(['processing', 'cancel_requested']);

/**
 * An execution's state changes as they are written: one log line each (with `executionId`, API.md §14) and the
 * run and settlement metrics. Called by the record writes, so every path (runs, cancels, sweeps) is counted once.
 * (Reserved credits are counted by billing, which knows whether a reservation was granted.)
 */
@Injectable()
export class ExecutionEvents {
  private readonly logging: boolean;

  constructor(
    private readonly telemetry: Telemetry,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    this.logging = logger.isLevelEnabled('info');
  }

  /** A new execution row: accepted and open, or (a free run recorded after it ran) already ended. */
  recorded(execution: ExecutionEntity): void {
    if (OPEN.has(execution.status)) {
      if (this.logging)
        this.logger.info(
          {
            context: 'Execution',
            executionId: execution.id,
            requestId: execution.requestId,
            status: execution.status,
            mode: execution.mode,
          },
          'execution accepted',
        );
      return;
    }
    this.ended(execution.id, execution);
  }

  /** An execution row taken back in the transaction that wrote it: its reservation was refused. */
  withdrawn(executionId: string): void {
    if (this.logging)
      this.logger.info(
        { context: 'Execution', executionId },
        'execution withdrawn: its reservation was refused',
      );
  }

  cancelRequested(executionId: string): void {
    if (this.logging)
      this.logger.info(
        { context: 'Execution', executionId, status: 'cancel_requested' },
        'execution cancel requested',
      );
  }

  /** An open execution closed (written once, by whichever process settled it). */
  ended(
    executionId: string,
    end: Pick<ExecutionEnd, 'status' | 'ms' | 'steps' | 'charged' | 'refunded'>,
  ): void {
    this.telemetry.runEnded(end.status, end.ms, end.steps);
    this.telemetry.credits('charged', end.charged);
    this.telemetry.credits('refunded', end.refunded);
    if (this.logging)
      this.logger.info(
        { context: 'Execution', executionId, status: end.status, ms: end.ms, charged: end.charged },
        `execution ${end.status}`,
      );
  }
}
