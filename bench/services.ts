import { randomBytes } from 'node:crypto';
import Bull from 'bull';
import { Client } from 'pg';

/** PostgreSQL and Redis for the service-backed benches (the same defaults as the test suites). */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function withPg<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh schema (and Bull prefix of the same name) per bench target; `drop` removes both. */
export async function benchSchema(): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withPg((client) => client.query(`CREATE SCHEMA "${name}"`));
  return {
    name,
    drop: async () => {
      await withPg((client) => client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`));
      const queue = new Bull('cleanup', BENCH_REDIS_URL, { prefix: name });
      const redis = await queue.client;
      const keys = await redis.keys(`${name}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await queue.close();
    },
  };
}
