import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs work in one database transaction. PostgreSQL gives each transaction its own pooled connection.
 * The embedded SQLite database has a single connection, so transactions are queued in-process here: two
 * BEGIN…COMMIT blocks never interleave on it (the embedded mode is one process by design).
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
