import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { hashApiKey } from '../../src/modules/auth/keys/api-key-secret';

/** The operator CLI as operators run it: the compiled entrypoint in a child process, on a fresh SQLite folder. */
const ROOT = resolve(__dirname, '../..');
const ENTRY = join(ROOT, 'dist/src/cli/main.js');

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  json: any;
}

describe('operator CLI', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  function cli(...args: string[]): CliRun {
    return cliWith({}, ...args);
  }

  function cliWith(extraEnv: Record<string, string>, ...args: string[]): CliRun {
    const child = spawnSync(process.execPath, [ENTRY, ...args], {
      cwd: ROOT,
      env: { ...env, ...extraEnv },
      encoding: 'utf8',
      timeout: 60_000,
    });
    let json: unknown;
    try {
      json = JSON.parse(child.stdout);
    } catch {
      json = undefined;
    }
    return { status: child.status, stdout: child.stdout, stderr: child.stderr, json };
  }

  /** Reads the CLI's SQLite file directly, to check what the printed JSON cannot show. */
  async function query(sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    const db = await new DataSource(dataSourceOptions({ dataDir })).initialize();
    try {
      return await db.query(sql, params);
    } finally {
      await db.destroy();
    }
  }

  function ok(...args: string[]): any {
    const run = cli(...args);
    if (run.status !== 0) throw new Error(`cli ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    return run.json;
  }

  beforeAll(() => {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    dataDir = mkdtempSync(join(tmpdir(), 'flowgate-cli-'));
    env = { ...process.env, DATA_DIR: dataDir, DEMO_SEED: 'false', LOG_LEVEL: 'error' };
    // Always the embedded SQLite of dataDir, whatever the outer run is configured for.
    for (const name of [
      'DATABASE_URL',
      'DATABASE_SCHEMA',
      'REDIS_URL',
      'BOOTSTRAP_ADMIN_KEY',
      'FLOWGATE_ROLE',
    ])
      delete env[name];
  }, 180_000);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrate applies the schema once, then is up to date', () => {
    const first = ok('migrate');
    expect(first.applied.length).toBeGreaterThan(0);
    const second = cli('migrate');
    expect(second.status).toBe(0);
    expect(second.json).toEqual({ applied: [], message: 'up to date' });
    expect(second.stdout).toContain('up to date');
  });

  describe('with an account', () => {
    let id: string;

    beforeAll(() => {
      const account = ok('accounts:create', '--email', 'ops@example.com', '--tier', 'pro', '--approved');
      expect(account).toMatchObject({
        email: 'ops@example.com',
        tier: 'pro',
        role: 'user',
        approved: true,
        balance: 0,
      });
      id = account.id;
    });

    it('reads and updates the account', () => {
      expect(ok('accounts:get', '--id', id)).toMatchObject({ id, tier: 'pro' });
      expect(ok('accounts:update', '--id', id, '--approved', 'false')).toMatchObject({ id, approved: false });
      expect(ok('accounts:update', '--id', id, '--approved', 'true')).toMatchObject({ id, approved: true });
    });

    it('tops up and adjusts; the ledger adds up to the balance, newest first', () => {
      const topup = ok('credits:add', '--id', id, '--amount', '100', '--reason', 'Monthly top-up');
      expect(topup.entry).toMatchObject({ type: 'topup', amount: 100, reason: 'Monthly top-up' });
      const adjust = ok('credits:add', '--id', id, '--amount', '-30', '--reason', 'Refund correction');
      expect(adjust.entry).toMatchObject({ type: 'adjust', amount: -30 });
      expect(adjust.balance).toBe(70);

      const ledger = ok('ledger', '--id', id);
      expect(ledger.data.map((row: { type: string }) => row.type)).toEqual(['adjust', 'topup']);
      expect(ledger.data.reduce((sum: number, row: { amount: number }) => sum + row.amount, 0)).toBe(70);
      expect(ok('accounts:get', '--id', id).balance).toBe(70);

      const first = ok('ledger', '--id', id, '--limit', '1');
      expect(first.data).toHaveLength(1);
      const next = ok('ledger', '--id', id, '--limit', '1', '--cursor', first.nextCursor);
      expect(next.data[0].type).toBe('topup');
    });

    it('refuses what the HTTP route refuses, with the same codes', () => {
      const below = cli('credits:add', '--id', id, '--amount', '-100000', '--reason', 'too much');
      expect(below.status).toBe(1);
      expect(below.stderr).toMatch(/^error INVALID_BODY: /);
      const fraction = cli('credits:add', '--id', id, '--amount', '1.5', '--reason', 'half');
      expect(fraction.status).toBe(1);
      expect(fraction.stderr).toContain('INVALID_BODY');
      const unknown = cli('accounts:get', '--id', '00000000-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toMatch(/^error NOT_FOUND: /);
      const malformed = cli('accounts:get', '--id', 'not-an-id');
      expect(malformed.status).toBe(1);
      expect(malformed.stderr).toMatch(/^error INVALID_SLUG: /);
    });

    it('creates a key from a preset and prints its plaintext once', async () => {
      const key = ok('keys:create', '--id', id, '--name', 'CI deploy', '--preset', 'workflow-deploy');
      expect(key.key).toMatch(/^fg_live_[A-Za-z0-9]{40}$/);
      expect(key.capabilities).toEqual(['workflow:run', 'workflow:read', 'execution:read']);
      expect(key).toMatchObject({ name: 'CI deploy', expiresAt: null, revokedAt: null });
      // The printed key is the one stored (as its hash) for this account.
      const rows = await query('SELECT account_id, key_hash FROM api_keys WHERE id = ?', [key.id]);
      expect(rows).toEqual([{ account_id: id, key_hash: hashApiKey(key.key) }]);
    });

    it('refuses a capability above the tier ceiling', () => {
      const run = cli(
        'keys:create',
        '--id',
        id,
        '--name',
        'too much',
        '--capabilities',
        'workflow:run,model:run',
      );
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error CAPABILITY_ABOVE_CEILING: /);
      expect(run.stderr).toContain('"attempted"');
      expect(run.stderr).toContain('model:run');
    });
  });

  it('prints usage for help and no command', () => {
    for (const args of [['help'], []]) {
      const run = cli(...args);
      expect(run.status).toBe(0);
      for (const name of [
        'migrate',
        'accounts:create',
        'accounts:get',
        'accounts:update',
        'credits:add',
        'ledger',
        'keys:create',
      ]) {
        expect(run.stdout).toContain(name);
      }
    }
  });

  it('exits 2 with usage on an unknown command, a missing flag or an unknown flag', () => {
    for (const args of [
      ['accounts:delete', '--id', 'x'],
      ['accounts:create', '--tier', 'pro'],
      ['ledger', '--id', 'x', '--page', '2'],
    ]) {
      const run = cli(...args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('Usage:');
    }
  });

  it('never seeds the demo, prints its banner or mints the bootstrap admin, even when configured to', async () => {
    const bootstrapKey = 'fg_live_' + 'A'.repeat(40);
    const run = cliWith(
      { DEMO_SEED: 'true', BOOTSTRAP_ADMIN_KEY: bootstrapKey },
      'accounts:get',
      '--id',
      '00000000-0000-4000-8000-000000000000',
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('curl');
    const seeded = await query(
      "SELECT email FROM accounts WHERE email = 'demo@flowgate.local' OR role = 'admin'",
    );
    expect(seeded).toEqual([]);
  });
});
