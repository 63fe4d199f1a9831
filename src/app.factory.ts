import { Logger, RequestMethod } from '@nestjs/common';
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
import { AppConfig } from './config/app-config';

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
    logger: loggerLevels(config.logLevel),
    bufferLogs: false,
    // Our own JSON parser (json-body-parser.ts) replaces Nest's.
    bodyParser: false,
  });
  app.setGlobalPrefix('api', { exclude: [{ path: 'media/{*path}', method: RequestMethod.GET }] });
  app.enableShutdownHooks();
  setupSwagger(app);
  return app;
}

export function loggerLevels(level: AppConfig['logLevel']): Array<'error' | 'warn' | 'log' | 'debug'> {
  const order = ['error', 'warn', 'log', 'debug'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}

export const bootLogger = new Logger('Flowgate');
