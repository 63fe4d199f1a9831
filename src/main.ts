import 'reflect-metadata';
import { createHttpApp, bootLogger } from './app.factory';
import { ConfigError } from './config/env-parsers';
import { loadConfig } from './config/app-config';
import { startWorker } from './worker';

/** Entrypoint. FLOWGATE_ROLE=all|api serves HTTP (all also runs workers in-process); worker runs src/worker.ts. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.role !== 'all' && !config.redisUrl)
    bootLogger.warn(
      `FLOWGATE_ROLE=${config.role} without REDIS_URL: the queues are in-process, so work crosses processes only ` +
        `through the database sweeps (every RECOVERY_SWEEP_SECONDS, after a 5 s grace). Set REDIS_URL to run ` +
        `API and worker processes apart.`,
    );
  if (config.role === 'worker') {
    await startWorker(config);
    bootLogger.log('Flowgate worker started');
    return;
  }
  const app = await createHttpApp(config);
  await app.listen(config.port, config.host);
  bootLogger.log(
    `Flowgate listening on http://${config.host}:${config.port} (role ${config.role}, ${config.databaseUrl ? 'PostgreSQL' : 'SQLite'}${config.redisUrl ? ' + Redis' : ''})`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Flowgate failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
