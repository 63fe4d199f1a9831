import { execSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { awaitFreshWindow } from '../support/rate-limit-window';
import { Instance, startInstance, stopInstance, waitUntilReady } from '../support/server-process';
import {
  createSchema,
  dropSchema,
  freePort,
  randomKey,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
} from '../support/test-env';

/**
 * API.md §4: "The count is exact under concurrency and shared by every API instance". Two real server processes
 * (the built `dist/src/main.js`) on one PostgreSQL schema and one Redis; 150 concurrent requests of one pro account
 * split across them must give exactly 100 answers and 50 × 429. Needs PostgreSQL and Redis: without them it
 * fails (never skips), so a broken CI service cannot pass silently.
 */
jest.setTimeout(240_000);

const ROOT = resolve(__dirname, '../..');
const LIMIT = 100;
const REQUESTS = 150;

async function postJson(url: string, key: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

describe('rate limits across two API processes (PostgreSQL + Redis)', () => {
  const adminKey = randomKey();
  let schema: string | undefined;
  let a: Instance | undefined;
  let b: Instance | undefined;

  beforeAll(async () => {
    // Always build: the spec must test the code as it is now, not a stale dist/.
    execSync('npx tsc -p tsconfig.build.json', { cwd: ROOT, stdio: 'pipe' });
    schema = await createSchema();
    const env = {
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL: TEST_REDIS_URL,
      RATE_LIMIT_PRO: String(LIMIT),
      BOOTSTRAP_ADMIN_KEY: adminKey,
      DEMO_SEED: 'false',
      LOG_LEVEL: 'warn',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'flowgate-cluster-')),
    };
    // One after the other: the first runs the migrations and creates the bootstrap admin.
    a = startInstance('A', await freePort(), env);
    await waitUntilReady(a, adminKey);
    b = startInstance('B', await freePort(), env);
    await waitUntilReady(b, adminKey);
  });

  afterAll(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await dropSchema(schema);
  });

  it(`gives ${REQUESTS} concurrent requests exactly ${LIMIT} answers and ${REQUESTS - LIMIT} × 429`, async () => {
    const email = `cluster-${Date.now()}@example.com`;
    const account = await postJson(`${a!.baseUrl}/api/admin/accounts`, adminKey, {
      email,
      tier: 'pro',
      approved: true,
    });
    const key = await postJson(`${a!.baseUrl}/api/admin/accounts/${account.id}/api-keys`, adminKey, {
      name: 'cluster',
      preset: 'read-only',
    });
    const instances = [a!, b!];

    // All requests must land in one 60 s window.
    await awaitFreshWindow(15_000);
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const res = await fetch(`${instances[i % 2].baseUrl}/api/whoami`, {
          headers: { 'x-api-key': String(key.key) },
        });
        const body = (await res.json()) as Record<string, unknown>;
        return { status: res.status, headers: res.headers, body, instance: instances[i % 2].name };
      }),
    );

    const answered = responses.filter((r) => r.status !== 429);
    const limited = responses.filter((r) => r.status === 429);
    expect(answered).toHaveLength(LIMIT);
    expect(limited).toHaveLength(REQUESTS - LIMIT);
    expect(new Set(answered.map((r) => r.status))).toEqual(new Set([200]));
    // Both processes took part on each side of the limit.
    expect(new Set(answered.map((r) => r.instance))).toEqual(new Set(['A', 'B']));

    for (const r of answered) expect(r.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
    const remaining = answered
      .map((r) => Number(r.headers.get('x-ratelimit-remaining')))
      .sort((x, y) => x - y);
    expect(remaining).toEqual(Array.from({ length: LIMIT }, (_, i) => i));
    const resets = new Set(responses.map((r) => r.headers.get('x-ratelimit-reset')));
    expect(resets.size).toBe(1);

    for (const r of limited) {
      expect(r.body).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', tier: 'pro', limit: LIMIT });
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.headers.get('retry-after')).toBe(String(r.body.retryAfter));
      expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(r.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
    }
  });
});
