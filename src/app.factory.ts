import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { httpServerOptions } from './common/http/http-server-options';
import { registerJsonBodyParser } from './common/http/json-body-parser';
import { handleProtocolEdges, requireHostHeader } from './common/http/protocol-edges';
import { markReceived } from './common/http/received-at';
import { rejectRepeatedQuery } from './common/http/repeated-query';
import { setResponseHeaders } from './common/http/response-headers';
import { setupSwagger } from './common/http/swagger';
import { NestPinoLogger } from './common/logging/nest-logger';
import { AppConfig } from './config/app-config';
import { observeRequests } from './modules/telemetry/request-observer';
import { Telemetry } from './modules/telemetry/telemetry';
import { APP_LOGGER } from './modules/telemetry/telemetry.tokens';

/** Routes outside the /api prefix: media files, operations (API.md §14) and `/`, which points to /docs. */
const UNPREFIXED = [
  { path: 'media/{*path}', method: RequestMethod.GET },
  { path: 'health/live', method: RequestMethod.GET },
  { path: 'health/ready', method: RequestMethod.GET },
  { path: 'metrics', method: RequestMethod.GET },
  { path: '/', method: RequestMethod.GET },
];

/** Builds the HTTP application (used by main.ts, the e2e suites and the benchmark). Call `listen` on it. */
export async function createHttpApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter(httpServerOptions(config));
  const fastify = adapter.getInstance();
  fastify.server.maxConnections = config.http.maxConnections;
  registerJsonBodyParser(fastify);
  handleProtocolEdges(fastify.server);
  fastify.addHook('onRequest', markReceived);
  fastify.addHook('onRequest', requireHostHeader);
  fastify.addHook('preValidation', rejectRepeatedQuery);
  fastify.addHook('onSend', setResponseHeaders);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    // Held until the pino logger is in place, so even Nest's first lines are JSON when LOG_FORMAT=json.
    bufferLogs: true,
    // Errors reach the caller (main.ts prints one line) instead of Nest aborting the process.
    abortOnError: false,
    // Our own JSON parser (json-body-parser.ts) replaces Nest's.
    bodyParser: false,
  });
  app.useLogger(app.get(NestPinoLogger));
  // Routes are registered at init, after this: each gets its counting and logging hook.
  observeRequests(fastify, app.get(Telemetry), app.get(APP_LOGGER));
  app.setGlobalPrefix('api', { exclude: UNPREFIXED });
  app.enableShutdownHooks();
  setupSwagger(app);
  return app;
}
