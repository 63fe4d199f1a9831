import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import type { JobQueue } from '../../queues/job-queue';
import { EXECUTION_JOBS } from '../../queues/queue-names';
import { ExecutionWorker } from '../worker/execution-worker.service';
import type { ExecutionJob } from './execution-job';

/**
 * Takes execution jobs in workers (FLOWGATE_ROLE worker or all), WORKER_CONCURRENCY at a time; the worker runs at
 * most as many passes at once across them (a job of new runs carries several executions).
 */
@Injectable()
export class ExecutionJobsProcessor implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EXECUTION_JOBS) private readonly queue: JobQueue<ExecutionJob>,
    private readonly worker: ExecutionWorker,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.queue.process(this.config.workerConcurrency, (job) => this.worker.advanceAll(job.executionIds));
  }
}
