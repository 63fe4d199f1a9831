import { BullModule, getQueueToken } from '@nestjs/bull';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import type { Queue } from 'bull';
import type { AppConfig } from '../../config/app-config';
import { BullJobQueue } from './bull-job-queue';
import { InProcessJobQueue } from './in-process-job-queue';
import type { JobQueue } from './job-queue';
import { EXECUTION_JOBS, QUEUES, QueueName, WEBHOOK_DELIVERY_JOBS } from './queue-names';

const QUEUE_TOKENS: Array<[symbol, QueueName]> = [
  [EXECUTION_JOBS, QUEUES.executions],
  [WEBHOOK_DELIVERY_JOBS, QUEUES.webhookDeliveries],
];

/**
 * The job queues as JobQueue<T> under EXECUTION_JOBS and WEBHOOK_DELIVERY_JOBS: Bull queues (through
 * @nestjs/bull, keys under QUEUE_PREFIX) when REDIS_URL is set, in-process queues otherwise. Which process takes
 * jobs is each processor's business (FLOWGATE_ROLE); this module only provides the queues.
 */
@Global()
@Module({})
export class QueuesModule implements OnApplicationShutdown {
  constructor(
    @Inject(EXECUTION_JOBS) private readonly executions: JobQueue<unknown>,
    @Inject(WEBHOOK_DELIVERY_JOBS) private readonly deliveries: JobQueue<unknown>,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    const redisUrl = config.redisUrl;
    if (!redisUrl) {
      return {
        module: QueuesModule,
        providers: QUEUE_TOKENS.map(([token, name]) => ({
          provide: token,
          useFactory: () => new InProcessJobQueue(name),
        })),
        exports: QUEUE_TOKENS.map(([token]) => token),
      };
    }
    const providers: Provider[] = QUEUE_TOKENS.map(([token, name]) => ({
      provide: token,
      inject: [getQueueToken(name)],
      useFactory: (queue: Queue) => new BullJobQueue(queue),
    }));
    return {
      module: QueuesModule,
      imports: [
        BullModule.forRoot({
          url: redisUrl,
          prefix: config.queuePrefix,
          // A worker killed mid-job loses its lock after lockDuration (a live worker renews it every half of that)
          // and the next stalled check hands the job to another worker. Short, because a job that a dead worker took
          // before it claimed the execution is only found this way: the database shows a due run whose job exists.
          settings: { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 },
        }),
        BullModule.registerQueue(...QUEUE_TOKENS.map(([, name]) => ({ name }))),
      ],
      providers,
      exports: QUEUE_TOKENS.map(([token]) => token),
    };
  }

  /** In-process queues drop their timers; Bull queues are closed by @nestjs/bull itself. */
  async onApplicationShutdown(): Promise<void> {
    for (const queue of [this.executions, this.deliveries])
      if (queue instanceof InProcessJobQueue) await queue.close();
  }
}
