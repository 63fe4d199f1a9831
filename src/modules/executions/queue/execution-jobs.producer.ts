import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobQueue } from '../../queues/job-queue';
import { EXECUTION_JOBS } from '../../queues/queue-names';
import type { SubmissionRecord } from '../../providers/provider.types';
import { ExecutionJob, executionJobId } from './execution-job';

/** Adds execution jobs. A job that cannot be added is not lost: the execution is due in the database. */
@Injectable()
export class ExecutionJobsProducer {
  private readonly logger = new Logger('ExecutionJobs');

  constructor(@Inject(EXECUTION_JOBS) private readonly queue: JobQueue<ExecutionJob>) {}

  async schedule(
    executionId: string,
    dueAt: Date,
    submissions?: Record<string, SubmissionRecord>,
  ): Promise<void> {
    const job: ExecutionJob = submissions ? { executionId, submissions } : { executionId };
    try {
      await this.queue.add(job, {
        jobId: executionJobId(executionId, dueAt),
        delayMs: dueAt.getTime() - Date.now(),
      });
    } catch (error) {
      // The sweep will add it again from the database.
      this.logger.error(`could not queue execution ${executionId}: ${(error as Error).message}`);
    }
  }

  depth(): Promise<number> {
    return this.queue.depth();
  }
}
