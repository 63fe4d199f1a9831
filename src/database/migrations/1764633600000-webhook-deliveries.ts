import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnKit } from './column-types';

/**
 * Webhook deliveries (one per event owed to a key's webhook) and their attempts (the delivery log of API.md §8).
 * Senders only ever look for pending deliveries that are due, hence the partial index; the log is read by
 * execution, oldest first.
 */
export class WebhookDeliveries1764633600000 implements MigrationInterface {
  name = 'WebhookDeliveries1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.ref('api_key_id'),
          c.ref('execution_id', true),
          c.text('event', 64),
          c.ref('webhook_id'),
          c.text('url', 2048),
          c.text('payload'),
          c.text('status', 16),
          c.int('attempts'),
          c.time('next_attempt_at', true),
          c.time('created_at'),
          c.time('updated_at'),
        ],
        indices: [
          {
            name: 'idx_webhook_deliveries_due',
            columnNames: ['next_attempt_at'],
            where: "status = 'pending'",
          },
          { columnNames: ['execution_id'] },
        ],
        foreignKeys: [c.accountForeignKey()],
        checks: [
          {
            name: 'chk_webhook_deliveries_status',
            expression: "status IN ('pending', 'delivered', 'failed')",
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_attempts',
        columns: [
          c.id(),
          c.ref('delivery_id'),
          c.ref('account_id'),
          c.ref('execution_id', true),
          c.text('event', 64),
          c.int('attempt'),
          c.time('at'),
          c.text('url', 2048),
          c.int('status_code', true),
          c.text('error', undefined, true),
          c.int('duration_ms'),
          c.text('response_body'),
        ],
        indices: [{ columnNames: ['execution_id', 'at'] }, { columnNames: ['delivery_id'] }],
        foreignKeys: [
          c.accountForeignKey(),
          {
            columnNames: ['delivery_id'],
            referencedTableName: 'webhook_deliveries',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webhook_attempts');
    await queryRunner.dropTable('webhook_deliveries');
  }
}
