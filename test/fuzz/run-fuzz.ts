/**
 * `npm run test:fuzz`: thousands of generated malformed requests against every route of a real server process, on a
 * fresh data folder, over raw loopback sockets. Properties: no 5xx, every 4xx has the error body of API.md §1, the
 * server's RSS grows by less than 100 MB, and it still answers /api/whoami afterwards. Prints one summary line;
 * exits non-zero when a property fails. FUZZ_SEED and FUZZ_REQUESTS change the run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR_CATALOGUE, ErrorCode } from '../../src/common/errors/error-codes';
import { rawExchange, RawResponse } from '../support/raw-http';
import {
  buildServer,
  Instance,
  startInstance,
  stopInstance,
  waitUntilReady,
} from '../support/server-process';
import { freePort, randomKey } from '../support/test-env';
import { templateWorkflow } from '../support/workflow-fixtures';
import { FuzzWorld, generateCases } from './fuzz-cases';
import { OpenApiDocument, routesOf } from './openapi-routes';
import { Prng } from './prng';

const SEED = Number(process.env.FUZZ_SEED ?? 20251130);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 6000);
const CONCURRENCY = 16;
const MAX_RSS_GROWTH_MB = 100;

interface Failure {
  label: string;
  problem: string;
}

async function main(): Promise<number> {
  const started = Date.now();
  buildServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'flowgate-fuzz-'));
  const adminKey = randomKey();
  const port = await freePort();
  const server = startInstance('fuzz', port, {
    DATA_DIR: dataDir,
    BOOTSTRAP_ADMIN_KEY: adminKey,
    DEMO_SEED: 'false',
    LOG_LEVEL: 'error',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    // Short limits so slow clients and sync runs end quickly; pro unlimited so its requests reach the routes.
    REQUEST_TIMEOUT_SECONDS: '2',
    KEEP_ALIVE_TIMEOUT_SECONDS: '1',
    SYNC_WAIT_SECONDS: '1',
    RATE_LIMIT_PRO: '0',
    RATE_LIMIT_BUSINESS: '50',
  });
  try {
    await waitUntilReady(server, adminKey);
    const world = await seedWorld(server.baseUrl, adminKey);
    const doc = (await (await fetch(`${server.baseUrl}/docs-json`)).json()) as OpenApiDocument;
    const routes = routesOf(doc);
    const cases = generateCases(new Prng(SEED), routes, world, REQUESTS);

    const rssBefore = rssOf(server);
    const failures: Failure[] = [];
    const histogram = new Map<string, number>();
    let sent = 0;
    let serverErrors = 0;
    let badBodies = 0;
    let unanswered = 0;
    await runAll(cases, CONCURRENCY, async (fuzzCase) => {
      const exchange = await rawExchange(port, fuzzCase.data, {
        timeoutMs: fuzzCase.timeoutMs,
        head: fuzzCase.head,
        then: fuzzCase.then,
      });
      sent += fuzzCase.requests;
      const answers = exchange.responses.filter((res) => res.status >= 200);
      if (answers.length === 0) {
        count(histogram, 'none');
        if (!exchange.closed) {
          unanswered++;
          failures.push({ label: fuzzCase.label, problem: 'no answer and the connection stayed open' });
        }
      }
      for (const res of answers) {
        count(histogram, String(res.status));
        if (res.status >= 500) {
          serverErrors++;
          failures.push({ label: fuzzCase.label, problem: `${res.status} ${res.body.slice(0, 200)}` });
        }
        const problem = res.status >= 400 && !fuzzCase.head ? errorBodyProblem(res) : null;
        if (problem) {
          badBodies++;
          failures.push({ label: fuzzCase.label, problem: `${res.status}: ${problem}` });
          if (process.env.FUZZ_DEBUG) {
            process.stderr.write(
              `${JSON.stringify(fuzzCase.data.subarray(0, 600).toString('latin1'))}\n${JSON.stringify(res)}\n\n`,
            );
          }
        }
      }
    });
    const rssAfter = rssOf(server);
    const whoami = await fetch(`${server.baseUrl}/api/whoami`, { headers: { 'x-api-key': adminKey } })
      .then((res) => res.status)
      .catch(() => 0);

    const growthMb = (rssAfter - rssBefore) / 1024;
    const aimedAt = new Set(cases.map((c) => c.route));
    const covered = routes.filter((route) => aimedAt.has(`${route.method} ${route.path}`)).length;
    const statuses = [...histogram.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, n]) => `${status}:${n}`)
      .join(' ');
    const failed =
      sent < 5000 ||
      covered < routes.length ||
      serverErrors > 0 ||
      badBodies > 0 ||
      unanswered > 0 ||
      growthMb >= MAX_RSS_GROWTH_MB ||
      whoami !== 200;
    for (const failure of dedupe(failures).slice(0, 20)) {
      process.stderr.write(`  ${failure.label}: ${failure.problem}\n`);
    }
    process.stdout.write(
      `fuzz seed=${SEED} requests=${sent} statuses={${statuses}} 5xx=${serverErrors} ` +
        `bad-error-bodies=${badBodies} unanswered=${unanswered} ` +
        `rss=${mb(rssBefore)}MB->${mb(rssAfter)}MB (+${growthMb.toFixed(1)}MB) whoami=${whoami} ` +
        `routes=${covered}/${routes.length} server-log-lines=${server.output.length} ` +
        `time=${((Date.now() - started) / 1000).toFixed(1)}s ${failed ? 'FAIL' : 'ok'}\n`,
    );
    if (process.env.FUZZ_DEBUG) process.stderr.write(server.output.join(''));
    return failed ? 1 : 0;
  } finally {
    await stopInstance(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The server's resident set, in KiB, from /proc. */
function rssOf(instance: Instance): number {
  const status = readFileSync(`/proc/${instance.process.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
}

const mb = (kib: number) => (kib / 1024).toFixed(1);

/** Why a 4xx/5xx answer is not `{error, code, requestId, ...}` with the status of its code, or null. */
function errorBodyProblem(res: RawResponse): string | null {
  if (!/^application\/json/.test(res.headers['content-type'] ?? '')) {
    return `content-type ${res.headers['content-type']}, body ${JSON.stringify(res.body.slice(0, 120))}`;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `body is not JSON: ${JSON.stringify(res.body.slice(0, 120))}`;
  }
  if (typeof body.error !== 'string' || typeof body.code !== 'string' || typeof body.requestId !== 'string') {
    return `not the error shape: ${res.body.slice(0, 160)}`;
  }
  const entry = ERROR_CATALOGUE[body.code as ErrorCode];
  if (!entry) return `unknown code ${body.code}`;
  if (entry.status !== res.status) return `code ${body.code} is ${entry.status} in the catalogue`;
  if (body.requestId !== res.headers['x-request-id']) return 'requestId differs from X-Request-Id';
  return null;
}

/** Accounts and keys of each kind, a workflow, an execution and a stored media file to aim at. */
async function seedWorld(baseUrl: string, adminKey: string): Promise<FuzzWorld> {
  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as Record<string, unknown>;
    if (res.status >= 300)
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const everything = ['workflow:*', 'execution:*', 'key:*', 'webhook:*'];
  const account = async (name: string, tier: string, approved: boolean, capabilities: string[]) => {
    const created = await call(adminKey, 'POST', '/api/admin/accounts', {
      email: `${name}@fuzz.example`,
      tier,
      approved,
    });
    const id = created.id as string;
    await call(adminKey, 'POST', `/api/admin/accounts/${id}/credits`, { amount: 1000, reason: 'fuzz' });
    const key = await call(adminKey, 'POST', `/api/admin/accounts/${id}/api-keys`, { name, capabilities });
    return { id, key: key.key as string, keyId: key.id as string };
  };
  const pro = await account('pro', 'pro', true, everything);
  const business = await account('business', 'business', true, [...everything, 'model:*', 'agent:*']);
  const free = await account('free', 'pro', true, ['workflow:read']);
  await call(adminKey, 'PATCH', `/api/admin/accounts/${free.id}`, { tier: 'free' });
  const unapproved = await account('unapproved', 'pro', false, everything);
  // Ids the fuzzer may aim at without locking its own principals out: a decoy account and a spare key.
  const decoy = await account('decoy', 'pro', true, ['workflow:read']);
  const spare = await call(adminKey, 'POST', `/api/admin/accounts/${pro.id}/api-keys`, {
    name: 'spare',
    capabilities: ['webhook:receive'],
  });

  const workflow = templateWorkflow({ slug: 'fuzz-flow' });
  await call(pro.key, 'POST', '/api/workflows', workflow);
  await call(business.key, 'POST', '/api/workflows', { ...workflow, slug: 'fuzz-flow-b' });
  const run = await call(pro.key, 'POST', '/api/workflows/fuzz-flow/run', { inputs: { prompt: 'hi' } });
  const image = await call(business.key, 'POST', '/api/models/sandbox-image/run', {
    inputs: { prompt: 'fuzz' },
    params: { width: 64, height: 64 },
  });
  const mediaUrl = JSON.stringify(image).match(/\/media\/([^"]+)/)?.[1];
  if (!mediaUrl) throw new Error(`no media URL in ${JSON.stringify(image)}`);

  return {
    keys: {
      admin: adminKey,
      pro: pro.key,
      business: business.key,
      free: free.key,
      unapproved: unapproved.key,
    },
    slugs: ['fuzz-flow', 'fuzz-flow-b', 'missing-flow'],
    ids: [decoy.id, spare.id as string, run.executionId as string, decoy.keyId],
    models: ['sandbox-text', 'sandbox-image', 'sandbox-audio', 'missing-model'],
    mediaKeys: [mediaUrl],
    seeds: {
      'POST /api/workflows': workflow,
      'PUT /api/workflows/{slug}': workflow,
      'POST /api/workflows/{slug}/run': { inputs: { prompt: 'hi' } },
      'POST /api/workflows/{slug}/estimate': { inputs: { prompt: 'hi' } },
      'POST /api/models/{id}/run': { inputs: { prompt: 'hi' }, params: { width: 64, height: 64 } },
    },
  };
}

async function runAll<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function count(histogram: Map<string, number>, key: string): void {
  histogram.set(key, (histogram.get(key) ?? 0) + 1);
}

function dedupe(failures: Failure[]): Failure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const key = `${f.label}|${f.problem.slice(0, 60)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
