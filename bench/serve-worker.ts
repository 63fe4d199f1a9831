import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/app-config';

/**
 * A Flowgate worker process for the bench (FLOWGATE_ROLE=worker on the environment's DATABASE_URL, REDIS_URL and
 * QUEUE_PREFIX). Prints one line when it takes jobs; closing stdin stops it.
 */
async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    FLOWGATE_ROLE: 'worker',
    LOG_LEVEL: 'error',
    DEMO_SEED: 'false',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  await app.init();
  process.stdout.write(`${JSON.stringify({ url: 'worker', headers: {}, body: null })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void app.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
