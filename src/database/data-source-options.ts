import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** Connections per process to PostgreSQL. */
export const POSTGRES_POOL_SIZE = 20;

/**
 * The one place that turns config into TypeORM options, used by the app, the CLI and ormconfig.ts.
 * PostgreSQL when DATABASE_URL is set; otherwise an SQLite file under DATA_DIR in WAL mode.
 * DATABASE_SCHEMA (PostgreSQL only) selects a schema; test runs isolate themselves in one of their own.
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'databaseUrl' | 'databaseSchema' | 'dataDir'>,
): DataSourceOptions {
  const schema = config.databaseSchema;
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  };
  if (config.databaseUrl) {
    return {
      ...common,
      type: 'postgres',
      url: config.databaseUrl,
      schema,
      // Connections are kept (not closed after 10 s idle, pg's default) so a burst after a quiet spell does not
      // wait for PostgreSQL to start new backends; ConnectionWarmer opens them at boot.
      extra: {
        max: POSTGRES_POOL_SIZE,
        idleTimeoutMillis: 0,
        ...(schema ? { options: `-c search_path=${schema}` } : {}),
      },
    };
  }
  const dir = resolve(config.dataDir);
  const SERVER_AUTOCHECKPOINT_PAGES = 20_000;
  mkdirSync(dir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: join(dir, 'flowgate.sqlite'),
    // WAL lets the CLI read and write while the server runs; busy_timeout waits out the other writer.
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      // Checkpoints run in a thread of their own (WalCheckpointer); this connection only checkpoints when the WAL
      // has grown past ~80 MB, should that thread fall behind or die.
      db.pragma(`wal_autocheckpoint = ${SERVER_AUTOCHECKPOINT_PAGES}`);
    },
  };
}
