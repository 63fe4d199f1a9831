import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs work in one database transaction. PostgreSQL gives each transaction its own pooled connection.
 * The embedded SQLite database has a single connection, so transactions are queued in-process here: two
 * BEGIN…COMMIT blocks never interleave on it (the embedded mode is one process by design). Other requests'
 * plain statements may still run on that connection while a transaction is open, so work must not use a
 * rollback as control flow: refuse by returning a value (after undoing its own writes) and throw after commit.
 * A rollback is for the unexpected only.
 */
@Injectable()
export class Transactor {
  private sqliteTail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) return this.dataSource.transaction(work);
    const result = this.sqliteTail.then(() => this.dataSource.transaction(work));
    this.sqliteTail = result.catch(() => undefined);
    return result;
  }
}
