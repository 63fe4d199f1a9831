import { NestFactory } from '@nestjs/core';
import { loggerLevels } from './app.factory';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';

/**
 * The worker entrypoint (FLOWGATE_ROLE=worker): the same modules without HTTP. Queue processors live here;
 * until the queue lands (async executions over Bull), a worker only holds the database connection.
 */
export async function startWorker(config: AppConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: loggerLevels(config.logLevel),
  });
  app.enableShutdownHooks();
}
