import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event owed to one key's webhook (API.md §9): its body is fixed when the event is recorded, and every attempt
 * sends it again under the same `webhook-id`. While `pending`, `next_attempt_at` is when the next attempt is due
 * (or, during an attempt, when the sender's hold on it lapses).
 */
@Entity('webhook_deliveries')
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  @Column({ name: 'api_key_id', type: 'varchar', length: 36 })
  apiKeyId: string;

  @Index()
  @Column({ name: 'execution_id', type: 'varchar', length: 36, nullable: true })
  executionId: string | null;

  @Column({ type: 'varchar', length: 64 })
  event: string;

  /** `webhook-id`: the same for every attempt, so receivers can drop duplicates. */
  @Column({ name: 'webhook_id', type: 'varchar', length: 36 })
  webhookId: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** The JSON body text, byte for byte what every attempt sends. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Index('idx_webhook_deliveries_due', { where: "status = 'pending'" })
  @Column({ name: 'next_attempt_at', type: Date, nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
