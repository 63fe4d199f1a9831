import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { LookupChanges } from './lookup-changes';
import { MigrationRunner } from './migration-runner';
import { SqlClient } from './sql-client';
import { Transactor } from './transactor';
import { WalCheckpointer } from './wal-checkpointer';

/** The TypeORM connection (SQLite or PostgreSQL), the Transactor and LookupChanges (cache invalidation). Pending migrations run at start (MigrationRunner). */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(config))],
      providers: [Transactor, MigrationRunner, SqlClient, LookupChanges, WalCheckpointer],
      exports: [Transactor, SqlClient, LookupChanges],
    };
  }
}
