/** A job of the webhook-deliveries queue: send the delivery's due attempt (the row says which and where). */
export interface WebhookDeliveryJob {
  deliveryId: string;
}
