import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One attempt of a delivery, as the delivery log shows it (API.md §8). Its id was sent as X-Flowgate-Delivery. */
@Entity('webhook_attempts')
@Index(['executionId', 'at'])
export class WebhookAttemptEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index()
  @Column({ name: 'delivery_id', type: 'varchar', length: 36 })
  deliveryId: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  @Column({ name: 'execution_id', type: 'varchar', length: 36, nullable: true })
  executionId: string | null;

  @Column({ type: 'varchar', length: 64 })
  event: string;

  /** Counts from 1. */
  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: Date })
  at: Date;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  /** The first 1 KiB of the receiver's answer. */
  @Column({ name: 'response_body', type: 'text' })
  responseBody: string;
}
