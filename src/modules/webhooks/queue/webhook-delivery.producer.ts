import { Inject, Injectable } from '@nestjs/common';
import type { JobQueue } from '../../queues/job-queue';
import { WEBHOOK_DELIVERY_JOBS } from '../../queues/queue-names';
import type { WebhookDeliveryJob } from './webhook-delivery.job';

/** Adds delivery jobs. One job per attempt (`<deliveryId>:<attempts made>`), so adding one twice is harmless. */
@Injectable()
export class WebhookDeliveryProducer {
  constructor(@Inject(WEBHOOK_DELIVERY_JOBS) private readonly queue: JobQueue<WebhookDeliveryJob>) {}

  async enqueue(deliveryId: string, attemptsMade: number, delayMs = 0): Promise<void> {
    await this.queue.add({ deliveryId }, { jobId: `${deliveryId}:${attemptsMade}`, delayMs });
  }
}
