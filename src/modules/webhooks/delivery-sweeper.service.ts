import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DeliveryRecords } from './delivery-records';
import { WebhookDeliveryProducer } from './queue/webhook-delivery.producer';

/** A due attempt this late has lost its job (a process died, an in-process queue restarted), not just queued. */
export const OVERDUE_AFTER_MS = 3_000;
const BATCH = 500;

/**
 * Deliveries survive a restart of every process (API.md §9): the database holds them, and this sweeper re-adds
 * the job of every pending delivery overdue by more than a few seconds, at start and every RECOVERY_SWEEP_SECONDS.
 * Re-adding a job that still exists is a no-op, and a duplicate that runs finds the attempt held or not due.
 * Only worker processes (FLOWGATE_ROLE all or worker) sweep.
 */
@Injectable()
export class DeliverySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DeliverySweeper');
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deliveries: DeliveryRecords,
    private readonly producer: WebhookDeliveryProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    await this.sweepSafely();
    this.timer = setInterval(() => void this.sweepSafely(), this.config.recoverySweepSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Re-adds the jobs of overdue deliveries; returns how many. */
  async sweep(): Promise<number> {
    const overdue = await this.deliveries.overdue(new Date(Date.now() - OVERDUE_AFTER_MS), BATCH);
    for (const { id, attempts } of overdue) await this.producer.enqueue(id, attempts);
    if (overdue.length > 0) this.logger.log(`re-queued ${overdue.length} overdue webhook deliveries`);
    return overdue.length;
  }

  private async sweepSafely(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      await this.sweep();
    } catch (error) {
      this.logger.error(`sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }
}
