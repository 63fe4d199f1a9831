import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BenchTargetInfo } from './bench-target';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export interface ServerChild {
  target: BenchTargetInfo;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/**
 * Starts one bench server (`serve-*.js`) in its own process, so autocannon's CPU stays out of it, and reads the
 * target it prints. Closing its stdin asks it to shut down.
 */
export function startServer(
  script: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<ServerChild> {
  const child = spawn(process.execPath, [...nodeArgs, script], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const stop = () => stopChild(child);
  return new Promise<ServerChild>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`${script} did not report its port within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    const lines = createInterface({ input: child.stdout! });
    function fail(error: Error) {
      clearTimeout(timer);
      lines.close();
      void stop().finally(() => reject(error));
    }
    child.once('exit', (code, signal) =>
      fail(new Error(`${script} exited before it was ready (${signal ?? code})`)),
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve({ target: JSON.parse(line) as BenchTargetInfo, stop });
      } catch {
        fail(new Error(`${script} printed ${JSON.stringify(line)}, not a target`));
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
  });
}

/** Stops every server still running (used on failure and on Ctrl-C). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

/** The end of a bench tool's main: exits 0 once `work` resolves, 1 with the error printed when it fails. */
export function exitWhenDone(work: Promise<unknown>): void {
  work.then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
