import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PubSubChannel } from '../common/redis/pub-sub-channel';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SqlClient } from './sql-client';

/** The longest a process trusts its cached lookups without looking at the change counter. */
export const LOOKUP_STALENESS_MS = 1000;

/** What changed: a key (revoked, its webhook set), an account (tier, approval), or a workflow (replaced, deleted). */
export type LookupChange =
  | { kind: 'key'; keyId: string }
  | { kind: 'account'; accountId: string }
  | { kind: 'workflow'; accountId: string; slug: string };

/** Told of each change; `null`: anything may have changed, drop everything. */
export type LookupListener = (change: LookupChange | null) => void;

const BUMP_SQL = 'UPDATE lookup_epoch SET epoch = epoch + 1 WHERE id = 1';
const READ_SQL = 'SELECT epoch FROM lookup_epoch WHERE id = 1';

/**
 * Keeps the run path's in-process caches (verified keys, runnable workflows) honest across processes. A change is
 * announced once committed: this process's caches drop what it touched at once; every other process hears it through
 * Redis pub/sub (when REDIS_URL is set) as the message arrives; and a counter in the database is bumped, which each
 * process reads at most once a second while it serves from a cache, dropping everything when it moved. So a missed
 * message (a reconnecting subscriber, the CLI of an embedded deployment) leaves a stale entry for about a second at most.
 */
@Injectable()
export class LookupChanges implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LookupChanges');
  private readonly listeners: LookupListener[] = [];
  private channel?: PubSubChannel;
  private epoch: number | null = null;
  private checkedAt = 0;
  private checking: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sql: SqlClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.redisUrl) return;
    this.channel = await PubSubChannel.open(
      this.config.redisUrl,
      `${this.config.queuePrefix}:lookup-changes`,
      this.logger,
      (message) => this.hear(message),
    );
  }

  onModuleDestroy(): void {
    this.channel?.close();
  }

  onChange(listener: LookupListener): void {
    this.listeners.push(listener);
  }

  /**
   * Resolves once cached lookups may be trusted: null (nothing to await) when the counter was read within the last
   * second, otherwise a read of it, shared by every request that arrives meanwhile.
   */
  fresh(now: number): Promise<void> | null {
    if (now - this.checkedAt < LOOKUP_STALENESS_MS) return null;
    this.checking ??= this.readEpoch(now).finally(() => (this.checking = null));
    return this.checking;
  }

  /** Announces a committed change: cached lookups it touched stop being used, here at once and everywhere. */
  async announce(change: LookupChange): Promise<void> {
    this.tell(change);
    await this.sql.execute(BUMP_SQL);
    await this.channel?.publish(JSON.stringify(change), 'lookup change');
  }

  private async readEpoch(now: number): Promise<void> {
    const [row] = await this.sql.select<{ epoch: number | string }>(READ_SQL);
    const epoch = Number(row?.epoch ?? 0);
    if (epoch !== this.epoch) this.tell(null);
    this.epoch = epoch;
    this.checkedAt = now;
  }

  private hear(message: string): void {
    let change: LookupChange | null = null;
    try {
      change = JSON.parse(message) as LookupChange;
    } catch {
      // not ours to read: trust nothing cached
    }
    this.tell(change);
  }

  private tell(change: LookupChange | null): void {
    for (const listener of this.listeners) listener(change);
  }
}
