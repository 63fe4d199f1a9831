import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
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

    it('lists accounts a page at a time, newest first', () => {
      const second = ok('accounts:create', '--email', 'second@example.com', '--tier', 'business');
      const all = ok('accounts:list');
      expect(all.data.map((a: { email: string }) => a.email)).toEqual(
        expect.arrayContaining(['ops@example.com', 'second@example.com']),
      );
      const first = ok('accounts:list', '--limit', '1');
      expect(first.data).toEqual([expect.objectContaining({ id: second.id, email: 'second@example.com' })]);
      const next = ok('accounts:list', '--limit', '1', '--cursor', first.nextCursor);
      expect(next.data[0].id).not.toBe(second.id);
    });

    it("lists and revokes keys, only the account's own", async () => {
      const created = ok('keys:create', '--id', id, '--name', 'to revoke', '--preset', 'read-only');
      const listed = ok('keys:list', '--id', id);
      const entry = listed.find((key: { id: string }) => key.id === created.id);
      expect(entry).toMatchObject({ name: 'to revoke', revokedAt: null });
      expect(entry.key).toBeUndefined(); // the plaintext is shown once, at creation
      expect(JSON.stringify(listed)).not.toContain(created.key);

      const revoked = ok('keys:revoke', '--id', id, '--key', created.id);
      expect(revoked).toMatchObject({ id: created.id, revokedAt: expect.any(String) });
      expect(ok('keys:list', '--id', id).find((key: { id: string }) => key.id === created.id).revokedAt).toBe(
        revoked.revokedAt,
      );
      const rows = await query('SELECT revoked_at FROM api_keys WHERE id = ?', [created.id]);
      expect(rows[0].revoked_at).not.toBeNull();

      const other = ok('accounts:create', '--email', 'other@example.com', '--tier', 'pro');
      const foreign = cli('keys:revoke', '--id', other.id, '--key', created.id);
      expect(foreign.status).toBe(1);
      expect(foreign.stderr).toMatch(/^error NOT_FOUND: /);
    });

    it('names the valid values when a value is refused', () => {
      const run = cli('keys:create', '--id', id, '--name', 'x', '--preset', 'everything');
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('--preset: read-only, workflow-deploy, webhook-receiver, full-deploy');
      const tier = cli('accounts:update', '--id', id, '--tier', 'gold');
      expect(tier.stderr).toMatch(/^error INVALID_BODY: /);
      expect(tier.stderr).toContain('--tier: free, pro, business, enterprise');
    });
  });

  it('npm run -s cli: only the JSON result on stdout; compiles only when a source is newer than the build', () => {
    const npmCli = (...args: string[]) =>
      spawnSync('npm', ['run', '-s', 'cli', '--', ...args], {
        cwd: ROOT,
        env: { ...env, LOG_LEVEL: 'debug' },
        encoding: 'utf8',
        timeout: 120_000,
      });
    // A build older than the sources (its info file dated back; src/ is left alone): compiled first, on stderr.
    const longAgo = new Date(Date.now() - 365 * 86400_000);
    utimesSync(join(ROOT, 'dist/.tsbuildinfo'), longAgo, longAgo);
    const stale = npmCli('accounts:list', '--limit', '2');
    expect(stale.status).toBe(0);
    expect(stale.stderr).toContain('compiling');
    expect(JSON.parse(stale.stdout)).toEqual({ data: expect.any(Array), nextCursor: expect.anything() });

    const current = npmCli('accounts:list', '--limit', '2');
    expect(current.status).toBe(0);
    expect(current.stderr).not.toContain('compiling');
    expect(JSON.parse(current.stdout)).toEqual({ data: expect.any(Array), nextCursor: expect.anything() });
  }, 180_000);

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
        'accounts:list',
        'keys:list',
        'keys:revoke',
      ]) {
        expect(run.stdout).toContain(name);
      }
      // Presets with their capabilities, and the accepted values of flags.
      expect(run.stdout).toContain('workflow-deploy   workflow:run, workflow:read, execution:read');
      expect(run.stdout).toContain('--tier free|pro|business|enterprise');
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
