import { BenchTarget } from './bench-target';

/**
 * Runs one bench server in this child process: prints its target as one JSON line on stdout, then serves until the
 * driver closes our stdin (or dies, which closes it too). Exiting through process.exit, not a signal, lets
 * `node --cpu-prof` write its profile.
 */
export function serveTarget(start: () => Promise<BenchTarget>): void {
  start()
    .then((target) => {
      const { url, headers, body } = target;
      process.stdout.write(`${JSON.stringify({ url, headers, body })}\n`);
      process.stdin.resume();
      process.stdin.on('end', () => {
        target.close().then(
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
