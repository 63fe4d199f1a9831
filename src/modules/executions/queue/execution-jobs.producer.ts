import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { TickBatch } from '../../../database/tick-batch';
import type { JobQueue } from '../../queues/job-queue';
import { EXECUTION_JOBS } from '../../queues/queue-names';
import type { SubmissionRecord } from '../../providers/provider.types';
import { ExecutionJob, executionJobId } from './execution-job';

/** Adds execution jobs. A job that cannot be added is not lost: the execution is due in the database. */
@Injectable()
export class ExecutionJobsProducer {
  private readonly logger = new Logger('ExecutionJobs');
  /**
   * Compute-only runs accepted in one turn, queued as one job of at most WORKER_CONCURRENCY executions (what a
   * worker runs at once). Only for runs whose passes cannot wait on anything: a job is held by one worker until all
   * of its passes end, so long passes batched together would sit behind each other while other workers idle. It is
   * named after its first execution, so a sweep re-adding that one while the job waits is a no-op; one re-adding
   * another gets a job of its own, which finds the execution taken or ended (claims are exclusive).
   */
  private readonly accepted: TickBatch<{ executionId: string; dueAt: Date }, void>;

  constructor(
    @Inject(EXECUTION_JOBS) private readonly queue: JobQueue<ExecutionJob>,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.accepted = new TickBatch(async (runs) => {
      const [first] = runs;
      await this.add(
        { executionIds: runs.map((run) => run.executionId) },
        executionJobId(first.executionId, first.dueAt),
        0,
      );
      return runs.map(() => undefined);
    }, config.workerConcurrency);
  }

  /** A compute-only execution recorded just now, due now: queued along with the others accepted in this turn. */
  scheduleAccepted(executionId: string, dueAt: Date): Promise<void> {
    return this.accepted.add({ executionId, dueAt });
  }

  async schedule(
    executionId: string,
    dueAt: Date,
    submissions?: Record<string, SubmissionRecord>,
  ): Promise<void> {
    const job: ExecutionJob = submissions
      ? { executionIds: [executionId], submissions }
      : { executionIds: [executionId] };
    await this.add(job, executionJobId(executionId, dueAt), dueAt.getTime() - Date.now());
  }

  private async add(job: ExecutionJob, jobId: string, delayMs: number): Promise<void> {
    try {
      await this.queue.add(job, { jobId, delayMs });
    } catch (error) {
      // The sweep will add it again from the database.
      this.logger.error(
        `could not queue executions ${job.executionIds.join(', ')}: ${(error as Error).message}`,
      );
    }
  }

  /** Resumes an execution whose holder died (its lease lapsed at `lapsedAt`) now, in a job of its own. */
  async scheduleAfterLapse(executionId: string, lapsedAt: Date): Promise<void> {
    await this.add({ executionIds: [executionId] }, `${executionId}:lapsed:${lapsedAt.getTime()}`, 0);
  }

  depth(): Promise<number> {
    return this.queue.depth();
  }
}
