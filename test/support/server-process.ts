import { ChildProcess, execSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The built server (`dist/src/main.js`) as a real process, for tests about several processes or a crash. */
const ROOT = resolve(__dirname, '../..');

/** Compiles src/ so a spawned server runs the code as it is now, not a stale dist/. */
export function buildServer(): void {
  execSync('npx tsc -p tsconfig.build.json', { cwd: ROOT, stdio: 'inherit' });
}

export interface Instance {
  name: string;
  process: ChildProcess;
  baseUrl: string;
  output: string[];
}

export function startInstance(name: string, port: number, env: Record<string, string>): Instance {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk) => output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  return { name, process: child, baseUrl: `http://127.0.0.1:${port}`, output };
}

/** Polls until the instance answers the admin's whoami; fails at once if the process dies. */
export async function waitUntilReady(
  instance: Instance,
  adminKey: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (instance.process.exitCode !== null) {
      throw new Error(
        `${instance.name} exited with ${instance.process.exitCode}:\n${instance.output.join('')}`,
      );
    }
    try {
      const res = await fetch(`${instance.baseUrl}/api/whoami`, { headers: { 'x-api-key': adminKey } });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${instance.name} did not answer within ${timeoutMs} ms:\n${instance.output.join('')}`);
}

export async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.process.exitCode !== null || instance.process.signalCode !== null) return;
  const exited = new Promise<void>((r) => instance.process.once('exit', () => r()));
  instance.process.kill('SIGTERM');
  const timer = setTimeout(() => instance.process.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** An approved account with credits and one key, made through a spawned instance's admin routes. */
export async function provisionAccount(
  instance: Instance,
  adminKey: string,
  account: { email: string; tier: string; credits: number; capabilities: string[] },
): Promise<{ accountId: string; key: string }> {
  const admin = async (path: string, body: unknown) => {
    const res = await fetch(`${instance.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Record<string, string>;
  };
  const { id } = await admin('/api/admin/accounts', {
    email: account.email,
    tier: account.tier,
    approved: true,
  });
  await admin(`/api/admin/accounts/${id}/credits`, { amount: account.credits, reason: 'test' });
  const created = await admin(`/api/admin/accounts/${id}/api-keys`, {
    name: 'k',
    capabilities: account.capabilities,
  });
  return { accountId: id, key: created.key };
}
