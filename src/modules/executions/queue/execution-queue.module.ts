import { Module } from '@nestjs/common';
import { ExecutionJobsProducer } from './execution-jobs.producer';

/**
 * The executions job kind. The queue itself (Bull or in-process) is shared infrastructure from QueuesModule; the
 * processor is provided by ExecutionsModule, beside the ExecutionWorker it hands jobs to.
 */
@Module({
  providers: [ExecutionJobsProducer],
  exports: [ExecutionJobsProducer],
})
export class ExecutionQueueModule {}
