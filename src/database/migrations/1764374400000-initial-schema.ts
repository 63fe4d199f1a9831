import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnKit } from './column-types';

/** Accounts, keys, the ledger, trial grants, workflows, executions and idempotency records. */
export class InitialSchema1764374400000 implements MigrationInterface {
  name = 'InitialSchema1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'accounts',
        columns: [
          c.id(),
          { ...c.text('email', 320), isUnique: true },
          c.text('role', 16),
          c.text('tier', 16),
          c.bool('approved'),
          c.int('balance'),
          c.time('created_at'),
        ],
        checks: [{ name: 'chk_accounts_balance', expression: 'balance >= 0' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.text('name', 200),
          { ...c.text('key_hash', 64), isUnique: true },
          c.json('capabilities'),
          c.time('created_at'),
          c.time('last_used_at', true),
          c.time('expires_at', true),
          c.time('revoked_at', true),
          c.text('webhook_url', 2048, true),
          c.text('webhook_secret', 256, true),
        ],
        indices: [{ columnNames: ['account_id'] }],
        foreignKeys: [c.accountForeignKey()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'ledger_entries',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.text('type', 16),
          c.int('amount'),
          c.int('balance_after'),
          c.ref('execution_id', true),
          c.text('reason', 500),
          c.time('created_at'),
        ],
        indices: [{ columnNames: ['account_id', 'created_at'] }, { columnNames: ['execution_id'] }],
        foreignKeys: [c.accountForeignKey()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'trial_grant_usages',
        columns: [
          { ...c.ref('account_id'), isPrimary: true },
          { ...c.text('model_id', 64), isPrimary: true },
          c.int('used'),
          c.time('first_used_at'),
        ],
        foreignKeys: [c.accountForeignKey()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'workflows',
        columns: [
          c.id(),
          c.ref('account_id'),
          { ...c.text('slug', 64), isUnique: true },
          c.text('name', 200),
          c.text('description'),
          c.json('tags'),
          c.bool('public_playground'),
          c.json('nodes'),
          c.json('edges'),
          c.json('viewport', true),
          c.json('fields'),
          c.int('version'),
          c.ref('created_by'),
          c.time('created_at'),
          c.time('updated_at'),
          c.time('deleted_at', true),
        ],
        indices: [{ columnNames: ['account_id', 'deleted_at'] }],
        foreignKeys: [c.accountForeignKey()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'executions',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.ref('api_key_id'),
          c.text('request_id', 128),
          c.text('mode', 8),
          c.ref('workflow_id', true),
          c.text('workflow_slug', 64, true),
          c.int('workflow_version', true),
          c.json('model_ids'),
          c.text('status', 20),
          c.json('plan'),
          c.json('result', true),
          c.json('error', true),
          c.json('steps'),
          c.int('reserved'),
          c.int('charged'),
          c.int('refunded'),
          c.int('ms', true),
          c.text('idempotency_key', 255, true),
          c.time('received_at'),
          c.time('created_at'),
          c.time('started_at', true),
          c.time('completed_at', true),
          c.time('deadline_at'),
          c.text('webhook_url', 2048, true),
        ],
        indices: [
          { columnNames: ['account_id', 'created_at'] },
          { columnNames: ['status', 'deadline_at'] },
          { columnNames: ['idempotency_key'] },
        ],
        foreignKeys: [c.accountForeignKey()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_records',
        columns: [
          { ...c.ref('account_id'), isPrimary: true },
          { ...c.text('key', 255), isPrimary: true },
          c.text('request_hash', 64),
          c.int('response_status', true),
          c.json('response_body', true),
          c.json('response_headers', true),
          c.time('created_at'),
          c.time('expires_at'),
        ],
        indices: [{ columnNames: ['expires_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_records',
      'executions',
      'workflows',
      'trial_grant_usages',
      'ledger_entries',
      'api_keys',
      'accounts',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
