import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { lastInstantCache } from '../common/time/iso-clock';

/** SQLite keeps timestamps as 'YYYY-MM-DD HH:MM:SS.SSS' in UTC (TypeORM's form); a row's are often one instant. */
const sqliteTimestamp = lastInstantCache((date) => date.toISOString().replace('T', ' ').replace('Z', ''));

/** A row to insert in the same statement as another write: the table, typed columns and values in column order. */
export interface CompanionRow {
  table: string;
  columns: Array<{ name: string; pgType: string }>;
  values: unknown[];
}

/**
 * Hand-written SQL for the request hot path (key lookup, run records), where the ORM's query building costs more
 * than the database work. Statements use `?` placeholders on both databases; values and rows are converted here
 * so callers see Dates, booleans and parsed JSON whichever database runs underneath.
 */
@Injectable()
export class SqlClient {
  readonly postgres: boolean;
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly dataSource: DataSource) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** Rows of a SELECT. */
  async select<T = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
    manager?: EntityManager,
  ): Promise<T[]> {
    return (await this.run(sql, params, manager)).records as T[];
  }

  /** Rows affected by an INSERT, UPDATE or DELETE. */
  async execute(sql: string, params: unknown[] = [], manager?: EntityManager): Promise<number> {
    return (await this.run(sql, params, manager)).affected ?? 0;
  }

  /**
   * PostgreSQL only: runs a statement prepared once per pooled connection under `name` (its text must never change),
   * so a hot statement is parsed and planned once, not on every call. Answers its rows.
   */
  async prepared<T = Record<string, unknown>>(name: string, sql: string, params: unknown[]): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PreparingClient;
      const result = await client.query({ name, text: numberPlaceholders(sql), values: params });
      return result.rows as T[];
    } finally {
      await runner.release();
    }
  }

  /** A value read from a timestamp column. */
  date(value: unknown): Date | null {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) return value;
    // SQLite keeps timestamps as 'YYYY-MM-DD HH:MM:SS.SSS' in UTC.
    return new Date(`${String(value).replace(' ', 'T')}Z`);
  }

  bool(value: unknown): boolean {
    return value === true || value === 1 || value === '1';
  }

  json<T>(value: unknown): T {
    return (typeof value === 'string' ? JSON.parse(value) : value) as T;
  }

  private async run(
    sql: string,
    params: unknown[],
    manager?: EntityManager,
  ): Promise<{ records: unknown[]; affected?: number }> {
    if (!this.postgres) return this.runSqlite(sql, params);
    const runner = manager?.queryRunner ?? this.dataSource.createQueryRunner();
    try {
      const text = this.postgres ? numberPlaceholders(sql) : sql;
      return await runner.query(
        text,
        params.map((value) => this.toParam(value)),
        true,
      );
    } finally {
      if (!manager?.queryRunner) await runner.release();
    }
  }

  /**
   * SQLite statements go straight to better-sqlite3's prepared statements (cached): the embedded database has one
   * connection, so a statement run inside a Transactor transaction joins it just as the ORM's would.
   */
  private runSqlite(sql: string, params: unknown[]): { records: unknown[]; affected?: number } {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.sqlite().prepare(sql);
      this.statements.set(sql, statement);
    }
    const values = params.map((value) => this.toParam(value));
    if (statement.reader) return { records: statement.all(...values) };
    return { records: [], affected: statement.run(...values).changes };
  }

  private sqlite(): SqliteDatabase {
    return (this.dataSource.driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection;
  }

  private toParam(value: unknown): unknown {
    if (this.postgres) return value;
    if (value instanceof Date) return sqliteTimestamp(value);
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  }
}

interface SqliteStatement {
  reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}

/** The `pg` client under a TypeORM query runner, as far as named statements need it. */
interface PreparingClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

/** `?` → `$1, $2, …` for PostgreSQL (no `?` appears inside the project's literals). */
function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
