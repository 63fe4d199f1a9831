import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Every run inserts an execution, so its indexes sit on the hot path. The sweep index only needs open executions
 * and the idempotency index only rows that carry a key: partial indexes (SQLite and PostgreSQL both have them)
 * keep the other rows out, which makes the common insert cheaper.
 */
export class PartialExecutionIndexes1764460800000 implements MigrationInterface {
  name = 'PartialExecutionIndexes1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.dropIndexOn(queryRunner, ['status', 'deadline_at']);
    await this.dropIndexOn(queryRunner, ['idempotency_key']);
    await queryRunner.createIndex(
      'executions',
      new TableIndex({
        name: 'idx_executions_open_deadline',
        columnNames: ['deadline_at'],
        where: "status IN ('processing', 'cancel_requested')",
      }),
    );
    await queryRunner.createIndex(
      'executions',
      new TableIndex({
        name: 'idx_executions_idempotency_key',
        columnNames: ['account_id', 'idempotency_key'],
        where: 'idempotency_key IS NOT NULL',
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('executions', 'idx_executions_idempotency_key');
    await queryRunner.dropIndex('executions', 'idx_executions_open_deadline');
    await queryRunner.createIndex('executions', new TableIndex({ columnNames: ['status', 'deadline_at'] }));
    await queryRunner.createIndex('executions', new TableIndex({ columnNames: ['idempotency_key'] }));
  }

  private async dropIndexOn(queryRunner: QueryRunner, columns: string[]): Promise<void> {
    const table = await queryRunner.getTable('executions');
    const index = table?.indices.find((candidate) => candidate.columnNames.join(',') === columns.join(','));
    if (index) await queryRunner.dropIndex('executions', index);
  }
}
