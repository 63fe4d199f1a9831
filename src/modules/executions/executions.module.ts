import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BillingModule } from '../billing/billing.module';
import { EngineModule } from '../engine/engine.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { ExecutionEntity } from './entities/execution.entity';
import { IdempotencyRecordEntity } from './entities/idempotency-record.entity';
import { ExecutionRecords } from './execution-records';
import { ExecutionsController } from './executions.controller';
import { ExecutionsService } from './executions.service';
import { IdempotencyService } from './idempotency/idempotency.service';
import { OrphanSweeper } from './runs/orphan-sweeper.service';
import { RunExecutor } from './runs/run-executor.service';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';

/** Run orchestration, execution records and idempotency. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ExecutionEntity, IdempotencyRecordEntity]),
    BillingModule,
    WorkflowsModule,
    EngineModule.register({ imports: [] }),
  ],
  controllers: [RunsController, ExecutionsController],
  providers: [
    ExecutionRecords,
    ExecutionsService,
    RunsService,
    RunExecutor,
    OrphanSweeper,
    IdempotencyService,
  ],
  exports: [ExecutionsService, RunExecutor],
})
export class ExecutionsModule {}
