import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createHttpApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';
import type { Tier } from '../../src/config/tiers';
import { configFrom, dropSchema, freePort, prepareTestEnv } from './test-env';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  adminKey: string;
  /** An HTTP client for a key (or none): `api(key).get('/api/whoami')`. */
  api(key?: string): ApiClient;
  /** A whole principal in one call: account (tier, approval, credits) and a key with its capabilities. */
  createSession(options?: SessionOptions): Promise<Session>;
  close(): Promise<void>;
}

export type ApiClient = ReturnType<typeof clientFor>;

export interface SessionOptions {
  tier?: Tier;
  capabilities?: string[];
  preset?: string;
  credits?: number;
  approved?: boolean;
  role?: 'user' | 'admin';
  expiresAt?: string;
}

export interface Session {
  accountId: string;
  keyId: string;
  key: string;
  http: ApiClient;
}

function clientFor(baseUrl: string, key?: string) {
  const withKey = (test: request.Test) => (key ? test.set('x-api-key', key) : test);
  const agent = request(baseUrl);
  return {
    get: (path: string) => withKey(agent.get(path)),
    post: (path: string) => withKey(agent.post(path)),
    put: (path: string) => withKey(agent.put(path)),
    patch: (path: string) => withKey(agent.patch(path)),
    delete: (path: string) => withKey(agent.delete(path)),
  };
}

/** Starts the real application on loopback (SQLite, or PostgreSQL + Redis under test:services). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  // A known port up front, so PUBLIC_BASE_URL (and so every media URL in results) points at this server.
  const port = await freePort();
  const testEnv = await prepareTestEnv({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    ...env,
  });
  const config = configFrom(testEnv);
  const app = await createHttpApp(config);
  await app.listen(config.port, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const adminKey = config.bootstrapAdminKey!;
  const admin = clientFor(baseUrl, adminKey);

  async function createSession(options: SessionOptions = {}): Promise<Session> {
    const email = `user-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
    const account = await admin
      .post('/api/admin/accounts')
      .send({
        email,
        tier: options.tier ?? 'pro',
        approved: options.approved ?? true,
        role: options.role ?? 'user',
      })
      .expect(201);
    const accountId: string = account.body.id;
    if (options.credits) {
      await admin
        .post(`/api/admin/accounts/${accountId}/credits`)
        .send({ amount: options.credits, reason: 'test credits' })
        .expect(201);
    }
    const keyBody = options.preset
      ? { name: 'test key', preset: options.preset }
      : {
          name: 'test key',
          capabilities: options.capabilities ?? [
            'workflow:*',
            'execution:*',
            'key:manage',
            'webhook:receive',
          ],
        };
    const key = await admin
      .post(`/api/admin/accounts/${accountId}/api-keys`)
      .send({ ...keyBody, ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}) })
      .expect(201);
    return { accountId, keyId: key.body.id, key: key.body.key, http: clientFor(baseUrl, key.body.key) };
  }

  return {
    app,
    config,
    baseUrl,
    adminKey,
    api: (key?: string) => clientFor(baseUrl, key),
    createSession,
    async close() {
      await app.close();
      await dropSchema(testEnv.schema);
    },
  };
}
