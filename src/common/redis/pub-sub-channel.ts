import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

const OPTIONS = { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 };

/**
 * One Redis pub/sub channel that every process of a deployment both publishes to and listens on (a publisher and a
 * subscriber connection: a subscribed connection can do nothing else). Connection trouble is logged, never thrown:
 * what goes through a channel is a hint that something else (a lease renewal, a database counter) backs up.
 */
export class PubSubChannel {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  private constructor(
    url: string,
    private readonly name: string,
    private readonly logger: Logger,
  ) {
    this.publisher = new Redis(url, OPTIONS);
    this.subscriber = new Redis(url, OPTIONS);
    for (const client of [this.publisher, this.subscriber])
      client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
  }

  /** Connects and subscribes; `onMessage` hears every message published on the channel, this process's too. */
  static async open(
    url: string,
    name: string,
    logger: Logger,
    onMessage: (message: string) => void,
  ): Promise<PubSubChannel> {
    const channel = new PubSubChannel(url, name, logger);
    channel.subscriber.on('message', (_channel: string, message: string) => onMessage(message));
    await Promise.all([channel.publisher.connect(), channel.subscriber.connect()]).catch(() => undefined);
    await channel.subscriber.subscribe(name).catch(() => undefined);
    return channel;
  }

  /** Publishes; answers how many subscribers Redis handed it to (0 when it failed: logged with `what`). */
  async publish(message: string, what: string): Promise<number> {
    return this.publisher.publish(this.name, message).catch((error: Error) => {
      this.logger.warn(`${what} not broadcast: ${error.message}`);
      return 0;
    });
  }

  close(): void {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
