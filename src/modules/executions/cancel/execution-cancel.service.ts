import { ExecutionEvents } from '../../telemetry/execution-events';
import { Injectable } from '@nestjs/common';
import { SqlClient } from '../../../database/sql-client';
import { ExecutionEntity } from '../entities/execution.entity';
import { executionNotCancellable } from '../executions.errors';
import { ExecutionsService } from '../executions.service';
import { ExecutionLeases } from '../leases/execution-leases';
import { InFlightRuns } from '../leases/in-flight-runs';
import { ExecutionSettlement } from '../runs/execution-settlement';
import { stoppedSteps } from '../runs/run-pass';
import { CancelBroadcast } from './cancel-broadcast';

export interface CancelOutcome {
  /** 202 when this request asked an execution in flight to stop; 200 when it was already stopping or stopped. */
  status: 200 | 202;
  execution: ExecutionEntity;
}

/**
 * POST /api/executions/:id/cancel (API.md §8). The execution is marked `cancel_requested` (one conditional update,
 * so exactly one request wins), then stopped where it is: the process running it aborts it (here, or told through
 * CancelBroadcast) and settles it `cancelled`; an execution nobody is running right now (an async run between two
 * polls) is taken and settled here. Only nodes that finished are charged.
 */
@Injectable()
export class ExecutionCancelService {
  constructor(
    private readonly executions: ExecutionsService,
    private readonly sql: SqlClient,
    private readonly leases: ExecutionLeases,
    private readonly settlement: ExecutionSettlement,
    private readonly broadcast: CancelBroadcast,
    private readonly inFlight: InFlightRuns,
    private readonly events: ExecutionEvents,
  ) {}

  async cancel(accountId: string, id: string): Promise<CancelOutcome> {
    const execution = await this.executions.getOwned(accountId, id);
    if (execution.status === 'completed' || execution.status === 'failed')
      throw executionNotCancellable(execution);
    if (execution.status !== 'processing') return { status: 200, execution };
    const marked = await this.sql.execute(
      `UPDATE executions SET status = 'cancel_requested' WHERE id = ? AND status = 'processing'`,
      [id],
    );
    if (marked === 0) return this.cancel(accountId, id); // it moved on meanwhile: answer from where it is now
    execution.status = 'cancel_requested';
    this.events.cancelRequested(id);
    await this.stop(execution);
    return { status: 202, execution: await this.executions.getOwned(accountId, id) };
  }

  private async stop(execution: ExecutionEntity): Promise<void> {
    if (this.inFlight.abort(execution.id)) return; // this process runs it: it settles itself
    const claimed = await this.leases.claim(execution.id);
    if (claimed) {
      const steps = stoppedSteps(claimed.steps);
      await this.settlement.close(
        claimed,
        { status: 'cancelled', result: null, error: null, steps },
        claimed.mode === 'async',
      );
      return;
    }
    await this.broadcast.announce(execution.id); // another process runs it
  }
}
