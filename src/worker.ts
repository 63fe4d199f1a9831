import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { NestPinoLogger } from './common/logging/nest-logger';
import { AppConfig } from './config/app-config';

/**
 * The worker entrypoint (FLOWGATE_ROLE=worker): the same modules without HTTP, so it serves no routes. It takes
 * execution and webhook-delivery jobs from the queues and sweeps for work nobody is taking care of (lapsed leases,
 * lost jobs, deadlines).
 */
export async function startWorker(config: AppConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(NestPinoLogger));
  app.enableShutdownHooks();
}
