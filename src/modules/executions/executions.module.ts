import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BillingModule } from '../billing/billing.module';
import { EngineModule } from '../engine/engine.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { ExecutionEntity } from './entities/execution.entity';
import { IdempotencyRecordEntity } from './entities/idempotency-record.entity';
import { ExecutionRecords } from './execution-records';
import { ExecutionsController } from './executions.controller';
import { ExecutionsService } from './executions.service';
import { IdempotencyService } from './idempotency/idempotency.service';
import { CancelBroadcast } from './cancel/cancel-broadcast';
import { ExecutionCancelService } from './cancel/execution-cancel.service';
import { ExecutionLeases } from './leases/execution-leases';
import { InFlightRuns } from './leases/in-flight-runs';
import { ExecutionJobsProcessor } from './queue/execution-jobs.processor';
import { ExecutionQueueModule } from './queue/execution-queue.module';
import { ExecutionSettlement } from './runs/execution-settlement';
import { RunPass } from './runs/run-pass';
import { IdempotentExecutions } from './idempotency/idempotent-executions';
import { ExecutionSweeper } from './worker/execution-sweeper.service';
import { ExecutionWorker } from './worker/execution-worker.service';
import { RunExecutor } from './runs/run-executor.service';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';

/**
 * Run orchestration: sync runs in the receiving process, async runs through the execution queue and its workers,
 * leases and sweeps for crash recovery, cancel, execution records and idempotency.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ExecutionEntity, IdempotencyRecordEntity]),
    BillingModule,
    WorkflowsModule,
    WebhooksModule,
    ExecutionQueueModule,
    EngineModule.register({ imports: [] }),
  ],
  controllers: [RunsController, ExecutionsController],
  providers: [
    ExecutionRecords,
    ExecutionsService,
    RunsService,
    RunExecutor,
    RunPass,
    ExecutionSettlement,
    InFlightRuns,
    ExecutionLeases,
    IdempotentExecutions,
    ExecutionJobsProcessor,
    ExecutionWorker,
    ExecutionSweeper,
    ExecutionCancelService,
    CancelBroadcast,
    IdempotencyService,
  ],
  exports: [ExecutionsService, RunExecutor],
})
export class ExecutionsModule {}
