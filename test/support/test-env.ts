import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppConfig, loadConfig } from '../../src/config/app-config';

/** `npm run test:services` runs the same e2e suites on PostgreSQL + Redis; `npm test` on the embedded default. */
export const USE_SERVICES = process.env.FLOWGATE_TEST_SERVICES === 'true';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function randomKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return 'fg_live_' + [...randomBytes(40)].map((byte) => alphabet[byte % 62]).join('');
}

/** A run of its own: a fresh data folder, and on PostgreSQL a fresh schema (dropped by dropSchema). */
export interface TestEnv {
  env: Record<string, string>;
  schema?: string;
}

export async function prepareTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const env: Record<string, string> = {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'flowgate-test-')),
    DEMO_SEED: 'false',
    BOOTSTRAP_ADMIN_KEY: randomKey(),
    ALLOW_PRIVATE_TARGETS: 'true',
    ALLOW_HTTP_TARGETS: 'true',
    LOG_LEVEL: 'error',
    PORT: '0',
    HOST: '127.0.0.1',
  };
  let schema: string | undefined;
  // A caller that passes DATABASE_SCHEMA shares that schema (a second instance) and does not own it.
  if (USE_SERVICES && !overrides.DATABASE_SCHEMA) {
    schema = await createSchema();
    env.DATABASE_URL = TEST_DATABASE_URL;
    env.REDIS_URL = TEST_REDIS_URL;
    env.DATABASE_SCHEMA = schema;
  } else if (USE_SERVICES) {
    env.DATABASE_URL = TEST_DATABASE_URL;
    env.REDIS_URL = TEST_REDIS_URL;
  }
  // Bull keys live under QUEUE_PREFIX: a run's queues are its schema's, so parallel runs never take each
  // other's jobs, and instances sharing a schema share its queues.
  const sharedSchema = schema ?? overrides.DATABASE_SCHEMA;
  if (USE_SERVICES && sharedSchema) env.QUEUE_PREFIX = sharedSchema;
  return { env: { ...env, ...overrides }, schema };
}

export function configFrom(testEnv: TestEnv): AppConfig {
  return loadConfig(testEnv.env);
}

/** A fresh, empty PostgreSQL schema for one run; drop it with dropSchema. */
export async function createSchema(): Promise<string> {
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withPg((client) => client.query(`CREATE SCHEMA "${schema}"`));
  return schema;
}

/** A TCP port nothing listens on right now (for processes the tests spawn). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function dropSchema(schema: string | undefined): Promise<void> {
  if (schema) await withPg((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

export async function withPg<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
