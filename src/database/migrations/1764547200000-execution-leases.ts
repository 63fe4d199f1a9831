import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columnKit } from './column-types';

/**
 * Executions run by workers: a renewable lease (who holds the execution and until when), when it is next due (a
 * provider poll, a retry after a crash), and its durable progress (outputs of finished nodes, provider submissions)
 * so another worker can resume it. Only open executions are ever looked up by these, hence the partial index.
 */
export class ExecutionLeases1764547200000 implements MigrationInterface {
  name = 'ExecutionLeases1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.addColumns('executions', [
      new TableColumn(c.text('lease_owner', 64, true)),
      new TableColumn(c.time('lease_expires_at', true)),
      new TableColumn(c.time('next_run_at', true)),
      new TableColumn(c.json('progress', true)),
    ]);
    await queryRunner.createIndex(
      'executions',
      new TableIndex({
        name: 'idx_executions_open_next_run',
        columnNames: ['next_run_at'],
        where: "status IN ('processing', 'cancel_requested')",
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('executions', 'idx_executions_open_next_run');
    for (const column of ['progress', 'next_run_at', 'lease_expires_at', 'lease_owner'])
      await queryRunner.dropColumn('executions', column);
  }
}
