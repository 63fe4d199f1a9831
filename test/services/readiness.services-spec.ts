import { ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { startTestApp, TestApp } from '../support/test-app';
import { freePort } from '../support/test-env';
import { waitFor } from '../support/wait';

/**
 * API.md §14: /health/ready names the failing check. The app (PostgreSQL from the services run) is pointed at a
 * redis-server of this test's own, on its own port, which the test kills and brings back; the shared Redis that
 * other suites use is never touched.
 */
jest.setTimeout(120_000);

function startRedis(port: number): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
}

async function listening(port: number): Promise<true | undefined> {
  return new Promise((done) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(undefined));
  });
}

async function stopRedis(redis: ChildProcess): Promise<void> {
  if (redis.exitCode !== null || redis.signalCode !== null) return;
  const exited = new Promise((done) => redis.once('exit', done));
  redis.kill('SIGKILL');
  await exited;
}

describe('/health/ready with a Redis that goes away', () => {
  let port: number;
  let redis: ChildProcess;
  let t: TestApp;

  beforeAll(async () => {
    port = await freePort();
    redis = startRedis(port);
    await waitFor('redis-server listens', () => listening(port), { timeoutMs: 10_000 });
    t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    // Redis back first, so the app's queues close cleanly.
    if (redis.exitCode !== null || redis.signalCode !== null) {
      redis = startRedis(port);
      await waitFor('redis-server listens again', () => listening(port), { timeoutMs: 10_000 });
    }
    await t?.close();
    await stopRedis(redis);
  });

  it('is 200 with every check ok, 503 UNAVAILABLE naming redis once it is killed, and 200 again after', async () => {
    const ready = await t.api().get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok', queue: 'ok' } });

    await stopRedis(redis);
    const down = await waitFor('readiness fails', async () => {
      const res = await t.api().get('/health/ready');
      return res.status === 503 ? res : undefined;
    });
    expect(down.body.code).toBe('UNAVAILABLE');
    expect(down.body.failing).toContain('redis');
    expect(down.body.error).toMatch(/redis/);
    expect(down.body.checks.database).toBe('ok');
    expect(down.body.checks.redis).toMatch(/^failed: /);
    expect(down.headers['retry-after']).toBe('5');
    expect(typeof down.body.requestId).toBe('string');
    await t.api().get('/health/live').expect(200);

    redis = startRedis(port);
    await waitFor('redis-server listens again', () => listening(port), { timeoutMs: 10_000 });
    await waitFor(
      'readiness recovers',
      async () => ((await t.api().get('/health/ready')).status === 200 ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 300 },
    );
  });
});
