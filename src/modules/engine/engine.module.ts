/**
 * The DAG runner as a Nest module. MEDIA_STORE and MediaFetcher (MediaModule), ModelRegistry and
 * ProviderRegistry come from the modules the app passes in `imports`, because MediaModule is configured once
 * by the app and a second registration here would make a second store. NET_POLICY and OUTPUT_LIMITS come from
 * the global config.
 */
import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import type { TargetPolicy } from '../../common/net/net.types';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { targetPolicyOf } from '../../common/net/target-policy';
import type { OutputLimits } from '../../config/output-limits';
import { NET_POLICY, OUTPUT_LIMITS } from './engine.tokens';
import { WorkflowEngine } from './workflow-engine.service';

export interface EngineModuleOptions {
  imports: ModuleMetadata['imports'];
}

@Module({})
export class EngineModule {
  static register({ imports }: EngineModuleOptions): DynamicModule {
    return {
      module: EngineModule,
      imports,
      providers: [
        {
          provide: NET_POLICY,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): TargetPolicy => targetPolicyOf(config),
        },
        {
          provide: OUTPUT_LIMITS,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): OutputLimits => config.outputLimits,
        },
        WorkflowEngine,
      ],
      exports: [WorkflowEngine, NET_POLICY],
    };
  }
}
