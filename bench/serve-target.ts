import { writeFileSync, mkdirSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { BenchTarget } from './bench-target';

/**
 * A CPU profile of the load only (BENCH_PROFILE_DIR): started once the server is set up, written when the driver
 * stops it, so start-up work (module loading, migrations) does not hide where the requests' time goes.
 */
async function startProfile(): Promise<(() => Promise<void>) | null> {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `load-${process.pid}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}

/**
 * Runs one bench server in this child process: prints its target as one JSON line on stdout, then serves until the
 * driver closes our stdin (or dies, which closes it too).
 */
export function serveTarget(start: () => Promise<BenchTarget>): void {
  start()
    .then(async (target) => {
      const stopProfile = await startProfile();
      const { url, headers, body } = target;
      process.stdout.write(`${JSON.stringify({ url, headers, body })}\n`);
      process.stdin.resume();
      process.stdin.on('end', () => {
        (stopProfile ?? (() => Promise.resolve()))()
          .then(() => target.close())
          .then(
            () => process.exit(0),
            () => process.exit(1),
          );
      });
    })
    .catch((error: unknown) => {
      process.stderr.write(
        `bench server failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exit(1);
    });
}
