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
    await this.add(job, executionJobId(executionId, dueAt), dueAt.getTime() - Date.now());
  }

  private async add(job: ExecutionJob, jobId: string, delayMs: number): Promise<void> {
    try {
      await this.queue.add(job, { jobId, delayMs });
    } catch (error) {
      // The sweep will add it again from the database.
      this.logger.error(`could not queue execution ${job.executionId}: ${(error as Error).message}`);
    }
  }

  /** Resumes an execution whose holder died (its lease lapsed at `lapsedAt`) now, in a job of its own. */
  async scheduleAfterLapse(executionId: string, lapsedAt: Date): Promise<void> {
    await this.add({ executionId }, `${executionId}:lapsed:${lapsedAt.getTime()}`, 0);
  }

  depth(): Promise<number> {
    return this.queue.depth();
  }
}
