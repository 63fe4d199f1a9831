import { randomInt } from 'node:crypto';
import { createHttpApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { BENCH_BODY, BenchTarget } from './bench-target';
import { IMAGE_WORKFLOW, TEMPLATE_WORKFLOW } from './bench-workflows';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const BENCH_EXPECTED = 'Hello, bench!';

function randomKey(): string {
  let body = '';
  for (let i = 0; i < 40; i++) body += BASE62[randomInt(BASE62.length)];
  return `fg_live_${body}`;
}

/** What a bench server runs: the sync template run (the default), or async submits of either workflow. */
export type FlowgateBenchMode = 'sync-template' | 'async-template' | 'async-image';

async function call(
  base: string,
  key: string,
  method: string,
  path: string,
  body: unknown,
  expected: number,
) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) {
    throw new Error(`${method} ${path}: expected ${expected}, got ${response.status}: ${text}`);
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * Starts the real service in-process on the embedded default (SQLite in `dataDir`), then sets up an approved
 * enterprise account (unlimited rate by default, so the limiter never answers 429 mid-bench), a `full-deploy` key
 * and the template-only workflow, and checks one sync run before anyone measures it.
 */
export async function startFlowgate(
  dataDir: string,
  mode: FlowgateBenchMode = 'sync-template',
  services: Record<string, string> = {},
): Promise<BenchTarget> {
  const adminKey = randomKey();
  const config = loadConfig({
    DATA_DIR: dataDir,
    DEMO_SEED: 'false',
    BOOTSTRAP_ADMIN_KEY: adminKey,
    LOG_LEVEL: 'error',
    ...services,
  });
  const app = await createHttpApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  try {
    const account = await call(
      base,
      adminKey,
      'POST',
      '/api/admin/accounts',
      {
        email: 'bench@example.com',
        tier: 'enterprise',
        approved: true,
      },
      201,
    );
    const accountId = String(account.id);
    await call(
      base,
      adminKey,
      'POST',
      `/api/admin/accounts/${accountId}/credits`,
      { amount: mode === 'async-image' ? 2_000_000_000 : 1000, reason: 'bench' },
      201,
    );
    const created = await call(
      base,
      adminKey,
      'POST',
      `/api/admin/accounts/${accountId}/api-keys`,
      {
        name: 'bench',
        preset: 'full-deploy',
      },
      201,
    );
    const key = String(created.key);
    await call(base, key, 'POST', '/api/workflows', TEMPLATE_WORKFLOW, 201);
    await call(base, key, 'POST', '/api/workflows', IMAGE_WORKFLOW, 201);
    if (mode !== 'sync-template') {
      const slug = mode === 'async-image' ? IMAGE_WORKFLOW.slug : TEMPLATE_WORKFLOW.slug;
      const asyncPath = `/api/workflows/${slug}/run?async=true`;
      await call(base, key, 'POST', asyncPath, BENCH_BODY, 202);
      return {
        url: `${base}${asyncPath}`,
        headers: { 'x-api-key': key },
        body: BENCH_BODY,
        close: () => app.close(),
      };
    }
    const path = `/api/workflows/${TEMPLATE_WORKFLOW.slug}/run`;
    const run = await call(base, key, 'POST', path, BENCH_BODY, 200);
    if (run.success !== true || run.result !== BENCH_EXPECTED) {
      throw new Error(
        `sanity run answered ${JSON.stringify(run)}, expected result ${JSON.stringify(BENCH_EXPECTED)}`,
      );
    }
    return {
      url: `${base}${path}`,
      headers: { 'x-api-key': key },
      body: BENCH_BODY,
      close: () => app.close(),
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}
