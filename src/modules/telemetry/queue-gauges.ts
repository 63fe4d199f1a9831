import { Inject, Injectable } from '@nestjs/common';
import type { JobQueue } from '../queues/job-queue';
import { EXECUTION_JOBS, WEBHOOK_DELIVERY_JOBS } from '../queues/queue-names';
import { Telemetry } from './telemetry';
import { withTimeout } from './with-timeout';

/** Queue depth and the oldest waiting job's age, read from the queues when /metrics is scraped. */
@Injectable()
export class QueueGauges {
  constructor(
    private readonly telemetry: Telemetry,
    @Inject(EXECUTION_JOBS) private readonly executions: JobQueue<unknown>,
    @Inject(WEBHOOK_DELIVERY_JOBS) private readonly deliveries: JobQueue<unknown>,
  ) {}

  /** A queue that does not answer within a second keeps its last values (the scrape is not held up). */
  async update(): Promise<void> {
    const { queueDepth, queueOldestJobAge } = this.telemetry.raw;
    await Promise.all(
      [this.executions, this.deliveries].map(async (queue) => {
        try {
          const [depth, ageMs] = await withTimeout(
            Promise.all([queue.depth(), queue.oldestWaitingAgeMs()]),
            1000,
            `queue ${queue.name}`,
          );
          queueDepth.labels(queue.name).set(depth);
          queueOldestJobAge.labels(queue.name).set(ageMs / 1000);
        } catch {
          // unreachable queue: readiness reports it
        }
      }),
    );
  }
}
