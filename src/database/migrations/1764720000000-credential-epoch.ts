import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * A counter bumped by every change to a key or an account that a cached principal could hold (revocation, tier,
 * approval, webhook): processes that cache verified keys read it at most once a second and drop their cache when
 * it moved, so a change made anywhere (another instance, the CLI) is seen within a second even without Redis.
 */
export class CredentialEpoch1764720000000 implements MigrationInterface {
  name = 'CredentialEpoch1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'credential_epoch',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'epoch', type: 'bigint', default: 0 },
        ],
      }),
    );
    await queryRunner.query('INSERT INTO credential_epoch (id, epoch) VALUES (1, 0)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('credential_epoch');
  }
}
