import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  buildServer,
  Instance,
  startInstance,
  stopInstance,
  waitUntilReady,
} from '../support/server-process';
import { docSnippet } from '../support/doc-snippets';
import { dropSchema, freePort, prepareTestEnv } from '../support/test-env';

/** What the docs suites share: a real server process, a pro account with credits and a key that can do it all. */
export interface DocsServer {
  baseUrl: string;
  key: string;
  stop(): Promise<void>;
}

export const REPO_ROOT = resolve(__dirname, '../..');

/** A gitignored folder for what a docs suite makes (generated client, screenshots), emptied per run. */
export function outputDir(name: string): string {
  const dir = join(REPO_ROOT, 'test/docs/output', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The complete example of docs/workflows.md, read from the guide itself (so the guide cannot drift). */
export function guideExample(): Record<string, unknown> {
  return JSON.parse(docSnippet('workflows.md', 'poster-workflow'));
}

export async function startDocsServer(): Promise<DocsServer> {
  buildServer();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const testEnv = await prepareTestEnv({ PUBLIC_BASE_URL: baseUrl });
  const adminKey = testEnv.env.BOOTSTRAP_ADMIN_KEY;
  const instance: Instance = startInstance('docs', port, testEnv.env);
  const stop = async () => {
    await stopInstance(instance);
    await dropSchema(testEnv.schema);
  };
  try {
    await waitUntilReady(instance, adminKey);
    const admin = async (path: string, body: unknown): Promise<{ id: string; key: string }> => {
      const res = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'x-api-key': adminKey, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string; key: string };
    };
    const account = await admin('/api/admin/accounts', {
      email: `docs-${Date.now()}@example.com`,
      tier: 'pro',
      approved: true,
    });
    await admin(`/api/admin/accounts/${account.id}/credits`, { amount: 500, reason: 'docs tests' });
    const key = await admin(`/api/admin/accounts/${account.id}/api-keys`, {
      name: 'docs',
      capabilities: ['workflow:*', 'execution:*', 'key:manage', 'webhook:receive'],
    });
    return { baseUrl, key: key.key, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
