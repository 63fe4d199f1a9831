import { QueryRunner, TableColumnOptions } from 'typeorm';
import { TableForeignKeyOptions } from 'typeorm/schema-builder/options/TableForeignKeyOptions';

/**
 * Column helpers so one migration serves SQLite and PostgreSQL: timestamps are `timestamptz` on PostgreSQL and
 * `datetime` on SQLite, JSON is text (entities use simple-json) on both.
 */
export function columnKit(queryRunner: QueryRunner) {
  const postgres = queryRunner.connection.options.type === 'postgres';
  return {
    /** `account_id` → accounts.id; an account's rows go with it. */
    accountForeignKey: (): TableForeignKeyOptions => ({
      columnNames: ['account_id'],
      referencedTableName: 'accounts',
      referencedColumnNames: ['id'],
      onDelete: 'CASCADE',
    }),
    id: (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true }),
    ref: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: '36',
      isNullable: nullable,
    }),
    text: (name: string, length?: number, nullable = false): TableColumnOptions =>
      length
        ? { name, type: 'varchar', length: String(length), isNullable: nullable }
        : { name, type: 'text', isNullable: nullable },
    json: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'text',
      isNullable: nullable,
    }),
    int: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'integer',
      isNullable: nullable,
    }),
    bool: (name: string): TableColumnOptions => ({ name, type: 'boolean' }),
    time: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: postgres ? 'timestamptz' : 'datetime',
      isNullable: nullable,
    }),
  };
}
