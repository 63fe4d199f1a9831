import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * A counter bumped by every change that a process's cached lookups could hold (a key revoked, an account's tier or
 * approval, a workflow replaced or deleted): processes read it at most once a second and drop their caches when it
 * moved, so a change made anywhere (another instance, the CLI) is seen within a second even without Redis.
 */
export class LookupEpoch1764720000000 implements MigrationInterface {
  name = 'LookupEpoch1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'lookup_epoch',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'epoch', type: 'bigint', default: 0 },
        ],
      }),
    );
    await queryRunner.query('INSERT INTO lookup_epoch (id, epoch) VALUES (1, 0)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('lookup_epoch');
  }
}
