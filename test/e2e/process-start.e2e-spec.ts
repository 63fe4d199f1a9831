import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, randomKey } from '../support/test-env';
import { buildServer } from '../support/server-process';
import { waitFor } from '../support/wait';

/**
 * The built server started as operators start it: `.env` read (the real environment wins), JSON request lines
 * with no secrets and no colours, a short banner, and a start that gives up on an unreachable database or Redis
 * with one line. Always the embedded SQLite, whatever the outer run is configured for.
 */
const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/main.js');

interface Started {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

function start(cwd: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout!.on('data', (chunk) => stdout.push(String(chunk)));
  child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, stdout, stderr, exited };
}

async function stop(started: Started | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null || started.child.signalCode !== null) return;
  started.child.kill('SIGTERM');
  await started.exited;
}

beforeAll(() => buildServer(), 180_000);

describe('a started server', () => {
  let server: Started;
  let port: number;
  const adminKey = randomKey();
  const bodyMarker = `body-marker-${Date.now()}`;

  beforeAll(async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'flowgate-start-'));
    port = await freePort();
    // The file says PORT=1 and sets METRICS_TOKEN; the real environment's PORT must win.
    writeFileSync(
      join(cwd, '.env'),
      [
        '# read at start',
        'PORT=1',
        'METRICS_TOKEN="token-from-dotenv"',
        `DATA_DIR=${join(cwd, 'data')}`,
      ].join('\n'),
    );
    server = start(cwd, {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'log',
      BOOTSTRAP_ADMIN_KEY: adminKey,
      DEMO_SEED: 'false',
    });
    await waitFor(
      'the server answers /health/live',
      async () => {
        if (server.child.exitCode !== null)
          throw new Error(`server exited: ${server.stdout.join('')}${server.stderr.join('')}`);
        const res = await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined);
        return res?.status === 200 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }, 90_000);

  afterAll(() => stop(server));

  const url = (path: string) => `http://127.0.0.1:${port}${path}`;

  it('reads .env, the real environment winning', async () => {
    expect((await fetch(url('/metrics'))).status).toBe(401);
    const metrics = await fetch(url('/metrics'), { headers: { authorization: 'Bearer token-from-dotenv' } });
    expect(metrics.status).toBe(200);
  });

  it('logs one JSON line per request with its fields, and never a key, a body or a colour', async () => {
    const whoami = await fetch(url('/api/whoami'), {
      headers: { 'x-api-key': adminKey, 'x-request-id': 'req-log-test-1' },
    });
    expect(whoami.status).toBe(200);
    const accountId = ((await whoami.json()) as { user: { id: string } }).user.id;
    const created = await fetch(url('/api/admin/accounts'), {
      method: 'POST',
      headers: {
        'x-api-key': adminKey,
        'content-type': 'application/json',
        'x-request-id': 'req-log-test-2',
      },
      body: JSON.stringify({ email: `${bodyMarker}@example.com`, tier: 'pro' }),
    });
    expect(created.status).toBe(201);
    const refused = await fetch(url('/api/whoami'), {
      headers: { 'x-api-key': 'fg_live_notAKeyAtAll000000000000000000000', 'x-request-id': 'req-log-test-3' },
    });
    expect(refused.status).toBe(401);

    const lines = await waitFor('the request lines', () => {
      const all = server.stdout.join('').split('\n').filter(Boolean);
      return all.some((line) => line.includes('req-log-test-3')) ? all : undefined;
    });
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>); // every line is JSON
    const whoamiLine = entries.find((entry) => entry.requestId === 'req-log-test-1');
    expect(whoamiLine).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/api/whoami',
      status: 200,
      requestId: 'req-log-test-1',
    });
    expect(typeof whoamiLine!.ms).toBe('number');
    expect(whoamiLine!.accountId).toBe(accountId);
    expect(entries.find((entry) => entry.requestId === 'req-log-test-2')).toMatchObject({
      method: 'POST',
      route: '/api/admin/accounts',
      status: 201,
    });
    expect(entries.find((entry) => entry.requestId === 'req-log-test-3')).toMatchObject({
      status: 401,
      accountId: null,
    });
    const everything = server.stdout.join('') + server.stderr.join('');
    expect(everything).not.toContain(adminKey);
    expect(everything).not.toContain('notAKeyAtAll');
    expect(everything).not.toContain(bodyMarker);
    expect(everything).not.toContain('\x1b[');
  });

  it('starts with a short banner and no route mapping lines', () => {
    const out = server.stdout.join('');
    expect(out).toContain('"msg":"Flowgate listening"');
    expect(out).not.toMatch(/Mapped \{|RoutesResolver|InstanceLoader/);
    const beforeFirstRequest = out.split('\n').findIndex((line) => line.includes('"context":"Request"'));
    expect(beforeFirstRequest).toBeLessThan(15);
  });
});

describe('a start whose services are unreachable', () => {
  const cases: Array<[string, (port: number) => Record<string, string>, RegExp]> = [
    [
      'PostgreSQL',
      (port) => ({ DATABASE_URL: `postgres://postgres:secret-pw@127.0.0.1:${port}/flowgate` }),
      /^Flowgate cannot start: PostgreSQL at 127\.0\.0\.1:\d+ did not answer within 2 s \(.+\)\. Check DATABASE_URL/,
    ],
    [
      'Redis',
      (port) => ({ REDIS_URL: `redis://127.0.0.1:${port}` }),
      /^Flowgate cannot start: Redis at 127\.0\.0\.1:\d+ did not answer within 2 s \(.+\)\. Check REDIS_URL/,
    ],
  ];

  it.each(cases)('%s: exits 1 with one line within the bound', async (_name, envFor, line) => {
    const cwd = mkdtempSync(join(tmpdir(), 'flowgate-down-'));
    const began = Date.now();
    const started = start(cwd, {
      ...envFor(await freePort()), // nothing listens there
      DATA_DIR: join(cwd, 'data'),
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      STARTUP_TIMEOUT_SECONDS: '2',
      LOG_FORMAT: 'json',
    });
    const code = await started.exited;
    const elapsed = Date.now() - began;
    expect(code).toBe(1);
    expect(elapsed).toBeLessThan(10_000);
    const stderr = started.stderr.join('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(line);
    expect(stderr).not.toContain('secret-pw');
    expect(started.stdout.join('')).toBe('');
  });
});

describe('a first start without an admin and without the demo', () => {
  it('says how to create the first admin', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'flowgate-noadmin-'));
    const started = start(cwd, {
      DATA_DIR: join(cwd, 'data'),
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DEMO_SEED: 'false',
      LOG_FORMAT: 'json',
    });
    try {
      const hint = await waitFor(
        'the no-admin hint',
        () => {
          if (started.child.exitCode !== null) throw new Error(`exited: ${started.stderr.join('')}`);
          return started.stdout
            .join('')
            .split('\n')
            .find((line) => line.includes('No admin account exists yet'));
        },
        { timeoutMs: 60_000 },
      );
      expect(JSON.parse(hint)).toMatchObject({ level: 'warn', context: 'Bootstrap' });
      expect(hint).toContain('BOOTSTRAP_ADMIN_KEY=');
      expect(hint).toContain('accounts:create');
      expect(hint).toContain('keys:create');
    } finally {
      await stop(started);
    }
  });
});
