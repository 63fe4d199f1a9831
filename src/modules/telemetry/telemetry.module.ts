import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { createAppLogger } from '../../common/logging/app-logger';
import { NestPinoLogger } from '../../common/logging/nest-logger';
import { ExecutionEvents } from './execution-events';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { QueueGauges } from './queue-gauges';
import { Readiness } from './readiness';
import { Telemetry } from './telemetry';
import { APP_LOGGER } from './telemetry.tokens';

/**
 * Operations (API.md §14): the logger, metrics (Telemetry), execution state events, /health/* and /metrics.
 * Global, so any module records through Telemetry and ExecutionEvents without importing this one.
 */
@Global()
@Module({})
export class TelemetryModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TelemetryModule,
      controllers: config.role === 'worker' ? [] : [HealthController, MetricsController],
      providers: [
        { provide: APP_LOGGER, useFactory: () => createAppLogger(config, config.logTo === 'stderr' ? 2 : 1) },
        { provide: NestPinoLogger, inject: [APP_LOGGER], useFactory: (logger) => new NestPinoLogger(logger) },
        Telemetry,
        ExecutionEvents,
        QueueGauges,
        Readiness,
      ],
      exports: [APP_LOGGER, NestPinoLogger, Telemetry, ExecutionEvents],
    };
  }
}
