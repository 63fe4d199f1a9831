import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DomainErrorFilter } from './common/errors/domain-error.filter';
import { targetPolicyOf } from './common/net/target-policy';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AuthModule } from './modules/auth/auth.module';
import { ApiKeyGuard } from './modules/auth/guards/api-key.guard';
import { CapabilityGuard } from './modules/auth/guards/capability.guard';
import { PathIdsGuard } from './modules/auth/guards/path-ids.guard';
import { BillingModule } from './modules/billing/billing.module';
import { BootstrapModule } from './modules/bootstrap/bootstrap.module';
import { ExecutionsModule } from './modules/executions/executions.module';
import { MediaModule } from './modules/media/media.module';
import { ModelsModule } from './modules/models/models.module';
import { providerAvailability } from './modules/providers/provider-availability';
import { ProvidersModule } from './modules/providers/providers.module';
import { QueuesModule } from './modules/queues/queues.module';
import { TelemetryModule } from './modules/telemetry/telemetry.module';
import { ThrottlingModule } from './modules/throttling/throttling.module';
import { TierThrottlerGuard } from './modules/throttling/tier-throttler.guard';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { WorkflowsModule } from './modules/workflows/workflows.module';

/**
 * The whole application. Guards run in the order of API.md §1: key (401, approval, free tier) → rate limit (429)
 * → path ids (INVALID_SLUG) → capability (403); 404s and body validation follow in the services.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const policy = targetPolicyOf(config);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TelemetryModule.forRoot(config),
        DatabaseModule.forRoot(config),
        QueuesModule.forRoot(config),
        {
          ...ModelsModule.register({
            modelsFile: config.modelsFile,
            availability: providerAvailability(config.providers),
          }),
          global: true,
        },
        { ...ProvidersModule.forRoot(config.providers), global: true },
        {
          ...MediaModule.register({
            dataDir: config.dataDir,
            publicBaseUrl: config.publicBaseUrl,
            fetchMaxBytes: config.mediaFetchMaxBytes,
            policy,
            retentionDays: config.mediaRetentionDays,
          }),
          global: true,
        },
        AuthModule,
        BillingModule,
        ThrottlingModule,
        WorkflowsModule,
        ExecutionsModule,
        WebhooksModule,
        BootstrapModule,
      ],
      providers: [
        { provide: APP_GUARD, useExisting: ApiKeyGuard },
        { provide: APP_GUARD, useExisting: TierThrottlerGuard },
        { provide: APP_GUARD, useExisting: PathIdsGuard },
        { provide: APP_GUARD, useExisting: CapabilityGuard },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }
}
