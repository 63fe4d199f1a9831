/**
 * A template bomb (API.md §5 output limits): `{{p}}` repeated 100,000 times with a 5,000-character `p` would be a
 * 500 MB text from a free run. The node fails with NODE_ERROR (500 EXECUTION_FAILED) before the text is built:
 * the server answers at once, its RSS stays under 300 MB, and nothing oversized is stored or logged.
 *
 * The server runs as its own process (the built dist/), so its RSS is the server's alone: measured from
 * /proc/<pid>/status (VmHWM is the peak over the process's whole life), not the test runner's, which grows
 * with every suite it has run.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  buildServer,
  Instance,
  startInstance,
  stopInstance,
  waitUntilReady,
} from '../../support/server-process';
import { freePort, randomKey } from '../../support/test-env';

jest.setTimeout(120_000);

const MiB = 1024 * 1024;

/** VmRSS (now) and VmHWM (peak) of a process, in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
}

describe('a template bomb against a server process', () => {
  let server: Instance | undefined;
  let adminKey: string;
  afterAll(() => stopInstance(server));

  beforeAll(async () => {
    buildServer();
    adminKey = randomKey();
    server = startInstance('bomb', await freePort(), {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'flowgate-bomb-')),
      BOOTSTRAP_ADMIN_KEY: adminKey,
      DEMO_SEED: 'false',
      LOG_LEVEL: 'debug', // everything the server logs is captured, to show nothing oversized is
    });
    await waitUntilReady(server, adminKey);
  });

  it('fails NODE_ERROR at once; the server RSS stays under 300 MB; nothing oversized stored or logged', async () => {
    const api = request(server!.baseUrl);
    const account = await api
      .post('/api/admin/accounts')
      .set('x-api-key', adminKey)
      .send({ email: 'bomb@example.com', tier: 'pro', approved: true })
      .expect(201);
    const key = await api
      .post(`/api/admin/accounts/${account.body.id}/api-keys`)
      .set('x-api-key', adminKey)
      .send({ name: 'bomb', capabilities: ['workflow:*', 'execution:read'] })
      .expect(201);
    const userKey: string = key.body.key;
    await api
      .post('/api/workflows')
      .set('x-api-key', userKey)
      .send({
        slug: 'bomb',
        name: 'Template bomb',
        nodes: [
          {
            id: 'input',
            type: 'request-input',
            data: { fields: [{ name: 'p', type: 'text', required: true }] },
          },
          { id: 'bomb', type: 'template', data: { template: '{{p}}'.repeat(100_000) } },
          { id: 'output', type: 'response-output', data: { type: 'text', name: 'text' } },
        ],
        edges: [
          { id: 'e1', source: 'input', sourceHandle: 'p', target: 'bomb', targetHandle: 'p' },
          { id: 'e2', source: 'bomb', sourceHandle: 'text', target: 'output', targetHandle: 'value' },
        ],
      })
      .expect(201);

    const pid = server!.process.pid!;
    const before = memoryOf(pid);
    let sampledPeak = before.rss;
    const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, memoryOf(pid).rss)), 5);
    const started = performance.now();
    const res = await api
      .post('/api/workflows/bomb/run')
      .set('x-api-key', userKey)
      .send({ inputs: { p: 'x'.repeat(5000) } })
      .catch((error: Error) => error);
    const ms = performance.now() - started;
    clearInterval(sampler);
    const after = memoryOf(pid);
    const answer = res instanceof Error ? res.message : `${res.status} ${res.body.code}`;
    console.log(
      `template bomb: answered ${answer} in ${ms.toFixed(0)} ms; server RSS ${(before.rss / MiB).toFixed(0)} MB ` +
        `before, ${(Math.max(sampledPeak, after.rss) / MiB).toFixed(0)} MB peak while it ran, ` +
        `${(after.peak / MiB).toFixed(0)} MB VmHWM (peak over the process's life)`,
    );

    if (res instanceof Error) throw res;
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'EXECUTION_FAILED', nodeId: 'bomb' });
    expect(res.body.error).toMatch(/larger than 1048576 bytes/);
    expect(after.peak).toBeLessThan(300 * MiB);

    const execution = await api
      .get(`/api/executions/${res.body.executionId}`)
      .set('x-api-key', userKey)
      .expect(200);
    expect(execution.body).toMatchObject({
      status: 'failed',
      cost: 0,
      error: { code: 'NODE_ERROR', nodeId: 'bomb' },
    });
    expect(execution.body.result).toBeUndefined();
    expect(JSON.stringify(execution.body).length).toBeLessThan(10_000);
    const longestLogLine = Math.max(
      0,
      ...server!.output
        .join('')
        .split('\n')
        .map((line) => line.length),
    );
    expect(longestLogLine).toBeLessThan(10_000);
  });
});
