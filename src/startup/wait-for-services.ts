import Redis from 'ioredis';
import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';

/** A start that cannot go on; main.ts prints its message as the one line and exits 1. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

const RETRY_MS = 500;
const ATTEMPT_TIMEOUT_MS = 2000;

/** host:port of a service URL, never its credentials. */
function where(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured address';
  }
}

/** A PostgreSQL error (SQLSTATE code: bad password, no such database) will not go away by waiting. */
function isServerRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

async function pingPostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: ATTEMPT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function pingRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: ATTEMPT_TIMEOUT_MS,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

async function waitFor(
  name: string,
  url: string,
  ping: (url: string) => Promise<void>,
  deadline: number,
  timeoutSeconds: number,
): Promise<void> {
  for (;;) {
    try {
      return await ping(url);
    } catch (error) {
      const reason = error instanceof Error ? error.message || error.name : String(error);
      if (isServerRefusal(error))
        throw new StartupError(
          `Flowgate cannot start: ${name} at ${where(url)} refused the connection (${reason}).`,
        );
      if (Date.now() + RETRY_MS >= deadline)
        throw new StartupError(
          `Flowgate cannot start: ${name} at ${where(url)} did not answer within ${timeoutSeconds} s (${reason}). ` +
            `Check ${name === 'PostgreSQL' ? 'DATABASE_URL' : 'REDIS_URL'}; STARTUP_TIMEOUT_SECONDS sets the wait.`,
        );
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/**
 * Waits (at most STARTUP_TIMEOUT_SECONDS) until PostgreSQL and Redis, when configured, answer, so that a service
 * still starting beside us is waited for and one that is not there ends the start with one clear line.
 */
export async function waitForServices(
  config: Pick<AppConfig, 'databaseUrl' | 'redisUrl' | 'startupTimeoutSeconds'>,
): Promise<void> {
  const deadline = Date.now() + config.startupTimeoutSeconds * 1000;
  await Promise.all([
    config.databaseUrl
      ? waitFor('PostgreSQL', config.databaseUrl, pingPostgres, deadline, config.startupTimeoutSeconds)
      : undefined,
    config.redisUrl
      ? waitFor('Redis', config.redisUrl, pingRedis, deadline, config.startupTimeoutSeconds)
      : undefined,
  ]);
}
