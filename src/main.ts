import 'reflect-metadata';
import { createHttpApp, bootLogger } from './app.factory';
import { ConfigError } from './config/env-parsers';
import { loadConfig } from './config/app-config';

/** HTTP entrypoint. FLOWGATE_ROLE=all|api runs the API (all also runs the workers in-process). */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createHttpApp(config);
  await app.listen(config.port, config.host);
  bootLogger.log(`Flowgate listening on http://${config.host}:${config.port} (role ${config.role}, ${config.databaseUrl ? 'PostgreSQL' : 'SQLite'}${config.redisUrl ? ' + Redis' : ''})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Flowgate failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
});
