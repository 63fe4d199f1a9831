import { Module } from '@nestjs/common';
import { WebhookDeliveryProducer } from './webhook-delivery.producer';

/**
 * The webhook-deliveries job kind. The queue itself (Bull or in-process) is shared infrastructure from
 * QueuesModule; the processor is provided by WebhooksModule, beside the WebhookDeliverer it hands jobs to.
 */
@Module({
  providers: [WebhookDeliveryProducer],
  exports: [WebhookDeliveryProducer],
})
export class WebhookDeliveryQueueModule {}
