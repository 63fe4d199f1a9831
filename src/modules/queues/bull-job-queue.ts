import { Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import type { JobHandler, JobOptions, JobQueue } from './job-queue';
import { JOB_NAME } from './queue-names';

/**
 * A JobQueue on a Bull queue (registered through @nestjs/bull). Jobs are removed once done, so the same jobId can
 * be added again later (a sweeper re-adding a lost job); while one waits, adding its id again is a no-op. A worker
 * killed mid-job leaves a stalled job that Bull hands to another worker; the database sweepers cover the rest.
 */
export class BullJobQueue<T> implements JobQueue<T> {
  private readonly logger: Logger;

  constructor(private readonly queue: Queue<T>) {
    this.logger = new Logger(`Queue:${queue.name}`);
  }

  get name(): string {
    return this.queue.name;
  }

  async add(payload: T, { jobId, delayMs = 0 }: JobOptions): Promise<void> {
    await this.queue.add(JOB_NAME, payload, {
      jobId,
      delay: Math.max(0, Math.round(delayMs)),
      removeOnComplete: true,
      removeOnFail: true,
      attempts: 1,
    });
  }

  process(concurrency: number, handler: JobHandler<T>): void {
    void this.queue.process(JOB_NAME, Math.max(1, concurrency), async (job) => {
      try {
        await handler(job.data);
      } catch (error) {
        this.logger.error(`job ${job.id} failed: ${error instanceof Error ? error.stack : String(error)}`);
      }
    });
  }

  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts();
    return counts.waiting + counts.delayed;
  }

  async oldestWaitingAgeMs(): Promise<number> {
    // Ascending order: the first is the oldest (Bull pushes waiting jobs on the left and reads them back reversed).
    const [oldest] = await this.queue.getWaiting(0, 0);
    if (!oldest) return 0;
    return Math.max(0, Date.now() - (oldest.timestamp + (oldest.opts.delay ?? 0)));
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
