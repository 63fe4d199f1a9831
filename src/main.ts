import 'reflect-metadata';
import { createHttpApp } from './app.factory';
import { createAppLogger } from './common/logging/app-logger';
import { ConfigError } from './config/env-parsers';
import { loadConfig } from './config/app-config';
import { loadEnvFile } from './config/env-file';
import { BootstrapService } from './modules/bootstrap/bootstrap.service';
import { startBanner } from './startup/start-banner';
import { StartupError, waitForServices } from './startup/wait-for-services';
import { startWorker } from './worker';

/** Entrypoint. FLOWGATE_ROLE=all|api serves HTTP (all also runs workers in-process); worker runs src/worker.ts. */
async function main(): Promise<void> {
  loadEnvFile('.env');
  const config = loadConfig();
  const logger = createAppLogger(config);
  if (config.role !== 'all' && !config.redisUrl)
    logger.warn(
      `FLOWGATE_ROLE=${config.role} without REDIS_URL: the queues are in-process, so work crosses processes only ` +
        `through the database sweeps (every RECOVERY_SWEEP_SECONDS, after a 5 s grace). Set REDIS_URL to run ` +
        `API and worker processes apart.`,
    );
  await waitForServices(config);
  if (config.role === 'worker') {
    await startWorker(config);
    logger.info('Flowgate worker started');
    return;
  }
  const app = await createHttpApp(config);
  await app.listen(config.port, config.host);
  const demo = app.get(BootstrapService).demoLines;
  if (config.logFormat === 'pretty') process.stdout.write(startBanner(config, demo) + '\n');
  else
    // JSON logs carry no keys: the demo key stays in DATA_DIR/demo-credentials.json.
    logger.info(
      {
        url: `http://${config.host}:${config.port}`,
        docs: `${config.publicBaseUrl}/docs`,
        demo: demo.length > 0,
      },
      'Flowgate listening',
    );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    // One line; the stack only when asked for (LOG_LEVEL=debug).
    const detail = process.env.LOG_LEVEL === 'debug' && error instanceof Error ? `\n${error.stack}` : '';
    process.stderr.write(
      `Flowgate failed to start: ${error instanceof Error ? error.message : String(error)}${detail}\n`,
    );
  }
  process.exit(1);
});
