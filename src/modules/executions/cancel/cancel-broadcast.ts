import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PubSubChannel } from '../../../common/redis/pub-sub-channel';
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
  private channel?: PubSubChannel;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inFlight: InFlightRuns,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.redisUrl) return;
    this.channel = await PubSubChannel.open(
      this.config.redisUrl,
      `${this.config.queuePrefix}:execution-cancel`,
      this.logger,
      (executionId) => this.inFlight.abort(executionId),
    );
  }

  onModuleDestroy(): void {
    this.channel?.close();
  }

  /** Tells the other processes: the one running the execution aborts it. */
  async announce(executionId: string): Promise<void> {
    await this.channel?.publish(executionId, `cancel of ${executionId}`); // the lease renewal backs it up
  }
}
