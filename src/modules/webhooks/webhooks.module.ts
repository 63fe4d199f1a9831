import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AttemptRecords } from './attempt-records';
import { DeliveryRecords } from './delivery-records';
import { DeliverySweeper } from './delivery-sweeper.service';
import { KeyWebhookTestController } from './key-webhook-test.controller';
import { WebhookDeliveryQueueModule } from './queue/webhook-delivery-queue.module';
import { WebhookDeliveryProcessor } from './queue/webhook-delivery.processor';
import { WebhookDeliverer } from './webhook-deliverer.service';
import { WebhookDeliveries } from './webhook-deliveries.service';
import { WebhookTests } from './webhook-tests.service';

/**
 * Webhooks (API.md §9): ended executions' events recorded with their settlement, sent by workers with retries
 * from the database (deliveries survive restarts), the delivery log, and the key webhook test route.
 */
@Module({
  imports: [AuthModule, WebhookDeliveryQueueModule],
  controllers: [KeyWebhookTestController],
  providers: [
    DeliveryRecords,
    AttemptRecords,
    WebhookDeliveries,
    WebhookDeliverer,
    WebhookDeliveryProcessor,
    DeliverySweeper,
    WebhookTests,
  ],
  exports: [WebhookDeliveries],
})
export class WebhooksModule {}
