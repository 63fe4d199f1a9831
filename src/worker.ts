import { NestFactory } from '@nestjs/core';
import { loggerLevels } from './app.factory';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';

/**
 * The worker entrypoint (FLOWGATE_ROLE=worker): the same modules without HTTP. Today a worker sweeps executions
 * past their deadline (OrphanSweeper); the queue processors of async executions (Bull) will run here too.
 */
export async function startWorker(config: AppConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: loggerLevels(config.logLevel),
  });
  app.enableShutdownHooks();
}
