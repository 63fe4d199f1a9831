import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { SqlClient } from '../../../database/sql-client';
import { CredentialChange, VerifiedKeys } from './verified-keys';

/** The longest a process trusts its verified keys without looking at the change counter. */
export const CREDENTIAL_STALENESS_MS = 1000;

const BUMP_SQL = 'UPDATE credential_epoch SET epoch = epoch + 1 WHERE id = 1';
const READ_SQL = 'SELECT epoch FROM credential_epoch WHERE id = 1';

/**
 * Keeps the verified-key cache honest across processes. A change to a key or an account (revocation, tier, approval,
 * webhook) is announced: this process drops the touched entries at once; every other process hears it through Redis
 * pub/sub (when REDIS_URL is set) and drops them as the message arrives; and a counter in the database is bumped, which
 * each process reads at most once a second while it serves from the cache, dropping everything when it moved. So a
 * missed message (a reconnecting subscriber, a CLI without Redis) leaves a key usable for at most about a second.
 */
@Injectable()
export class CredentialChanges implements OnApplicationBootstrap, OnModuleDestroy {
  readonly keys: VerifiedKeys;
  private readonly logger = new Logger('CredentialChanges');
  private readonly channel: string;
  private publisher?: Redis;
  private subscriber?: Redis;
  private epoch: number | null = null;
  private checkedAt = 0;
  private checking: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sql: SqlClient,
  ) {
    this.keys = new VerifiedKeys(config.keyCacheSize);
    this.channel = `${config.queuePrefix}:credential-changes`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const url = this.config.redisUrl;
    if (!url || this.config.keyCacheSize === 0) return;
    const options = { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    for (const client of [this.publisher, this.subscriber])
      client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    this.subscriber.on('message', (_channel: string, message: string) => this.hear(message));
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]).catch(() => undefined);
    await this.subscriber.subscribe(this.channel).catch(() => undefined);
  }

  onModuleDestroy(): void {
    for (const client of [this.publisher, this.subscriber]) client?.disconnect();
  }

  /**
   * Resolves once the cache may be trusted: at once (null, nothing to await) when the counter was read within the
   * last second, otherwise after reading it (one read shared by every request that arrives meanwhile).
   */
  fresh(now: number): Promise<void> | null {
    if (now - this.checkedAt < CREDENTIAL_STALENESS_MS) return null;
    this.checking ??= this.readEpoch(now).finally(() => (this.checking = null));
    return this.checking;
  }

  /** Announces a change that is committed: the cached principals it touched stop working everywhere. */
  async announce(change: CredentialChange): Promise<void> {
    this.keys.drop(change);
    await this.sql.execute(BUMP_SQL);
    await this.publisher
      ?.publish(this.channel, JSON.stringify(change))
      .catch((error: Error) => this.logger.warn(`credential change not broadcast: ${error.message}`));
  }

  private async readEpoch(now: number): Promise<void> {
    const [row] = await this.sql.select<{ epoch: number | string }>(READ_SQL);
    const epoch = Number(row?.epoch ?? 0);
    if (epoch !== this.epoch) this.keys.clear();
    this.epoch = epoch;
    this.checkedAt = now;
  }

  private hear(message: string): void {
    try {
      this.keys.drop(JSON.parse(message) as CredentialChange);
    } catch {
      this.keys.clear(); // not ours to read: trust nothing cached
    }
  }
}
