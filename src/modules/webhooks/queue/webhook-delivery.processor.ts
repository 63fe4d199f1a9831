import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import type { JobQueue } from '../../queues/job-queue';
import { WEBHOOK_DELIVERY_JOBS } from '../../queues/queue-names';
import { WebhookDeliverer } from '../webhook-deliverer.service';
import type { WebhookDeliveryJob } from './webhook-delivery.job';

/**
 * Takes delivery jobs in worker processes (FLOWGATE_ROLE all or worker), WEBHOOK_CONCURRENCY at a time, and hands
 * each to the WebhookDeliverer. At shutdown it takes no more and lets attempts under way finish (at most the
 * 10 s delivery timeout); whatever is left stays pending in the database for the sweeper.
 */
@Injectable()
export class WebhookDeliveryProcessor
  implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    @Inject(WEBHOOK_DELIVERY_JOBS) private readonly queue: JobQueue<WebhookDeliveryJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deliverer: WebhookDeliverer,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.queue.process(this.config.webhookConcurrency, (job) => this.deliver(job));
  }

  onModuleDestroy(): void {
    this.stopping = true;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(job: WebhookDeliveryJob): Promise<void> {
    if (this.stopping) return;
    const attempt = this.deliverer.attemptDue(job.deliveryId);
    this.inFlight.add(attempt);
    try {
      await attempt;
    } finally {
      this.inFlight.delete(attempt);
    }
  }
}
