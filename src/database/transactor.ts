import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TickBatch } from './tick-batch';

type Work = (manager: EntityManager) => Promise<unknown>;
type Outcome = { value: unknown } | { error: unknown };

/**
 * Runs work in one database transaction. PostgreSQL gives each transaction its own pooled connection.
 *
 * The embedded SQLite database has a single connection, so its transactions are queued in-process here, and
 * grouped: the transactions asked for during one event-loop turn run one after the other inside a single
 * BEGIN…COMMIT, each in a savepoint of its own (group commit: one WAL commit for the lot). Each caller's promise
 * settles after that COMMIT, so nothing is acknowledged before it is on disk; a work that throws is rolled back to
 * its savepoint and fails alone. Other requests' plain statements may still run on that connection while a
 * transaction is open, so work must not use a rollback as control flow: refuse by returning a value (after undoing
 * its own writes) and throw after commit. A rollback is for the unexpected only.
 */
@Injectable()
export class Transactor {
  readonly isPostgres: boolean;
  private sqliteTail: Promise<unknown> = Promise.resolve();
  private readonly sqliteGroups = new TickBatch<Work, Outcome>((works) => this.runGroup(works));

  constructor(private readonly dataSource: DataSource) {
    this.isPostgres = dataSource.options.type === 'postgres';
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) return this.dataSource.transaction(work);
    const outcome = await this.sqliteGroups.add(work);
    if ('error' in outcome) throw outcome.error;
    return outcome.value as T;
  }

  private runGroup(works: Work[]): Promise<Outcome[]> {
    const group = this.sqliteTail.then(() =>
      this.dataSource.transaction(async (manager) =>
        // Alone, a work needs no savepoint: if it throws, the transaction rolls back and fails it.
        works.length === 1 ? [{ value: await works[0](manager) }] : this.eachInSavepoint(works, manager),
      ),
    );
    this.sqliteTail = group.catch(() => undefined);
    return group;
  }

  private async eachInSavepoint(works: Work[], manager: EntityManager): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const work of works) {
      try {
        outcomes.push({ value: await manager.transaction(work) }); // nested: a savepoint inside the group
      } catch (error) {
        outcomes.push({ error });
      }
    }
    return outcomes;
  }
}
