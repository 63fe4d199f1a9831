import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { InFlightRuns } from '../leases/in-flight-runs';

/**
 * Tells every process that an execution is to stop, so the one running it aborts its provider calls at once
 * (API.md §8: the API process that receives a cancel is usually not the worker that runs it). Redis pub/sub when
 * REDIS_URL is set; without it there is one process, and InFlightRuns is all there is to tell. A message missed
 * (a process reconnecting) is caught by the holder's next lease renewal, which reads `cancel_requested` back.
 */
@Injectable()
export class CancelBroadcast implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CancelBroadcast');
  private readonly channel: string;
  private publisher?: Redis;
  private subscriber?: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inFlight: InFlightRuns,
  ) {
    this.channel = `${config.queuePrefix}:execution-cancel`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const url = this.config.redisUrl;
    if (!url) return;
    const options = { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    for (const client of [this.publisher, this.subscriber])
      client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    this.subscriber.on('message', (_channel: string, executionId: string) =>
      this.inFlight.abort(executionId),
    );
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]).catch(() => undefined);
    await this.subscriber.subscribe(this.channel).catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    for (const client of [this.publisher, this.subscriber]) client?.disconnect();
  }

  /** Tells the other processes: the one running the execution aborts it. */
  async announce(executionId: string): Promise<void> {
    await this.publisher?.publish(this.channel, executionId).catch((error: Error) => {
      this.logger.warn(`cancel of ${executionId} not broadcast: ${error.message}`);
    });
  }
}
