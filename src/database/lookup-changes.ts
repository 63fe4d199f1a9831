import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PubSubChannel } from '../common/redis/pub-sub-channel';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SqlClient } from './sql-client';

/** The longest a process trusts its cached lookups without looking at the change counter. */
export const LOOKUP_STALENESS_MS = 1000;

/** The longest an announcement waits for every process to confirm it dropped what the change touched. */
const CONFIRM_TIMEOUT_MS = 1000;

/** On the channel: a change (with an id the hearers confirm), or a hearer's confirmation. */
type Message = { id: string; change: LookupChange } | { confirms: string };

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
 * announced once committed: this process's caches drop what it touched at once; every other process hears it
 * through Redis pub/sub (when REDIS_URL is set), drops it and confirms, and the announcement waits for those
 * confirmations; and a counter in the database is bumped, which each process reads at most once a second while it
 * serves from a cache, dropping everything when it moved. So a missed message (a reconnecting subscriber, the CLI
 * of an embedded deployment) leaves a stale entry for about a second at most.
 */
@Injectable()
export class LookupChanges implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LookupChanges');
  private readonly listeners: LookupListener[] = [];
  /** Announcements of this process waiting for confirmations, by id. */
  private readonly awaiting = new Map<string, Confirmations>();
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

  /**
   * Announces a committed change: cached lookups it touched stop being used, here at once and everywhere. It
   * resolves once every process that heard it (Redis says how many) confirmed it dropped them, so the caller's answer
   * (a revocation's 204) goes out only when no instance can still serve the old entry; a process that does not
   * confirm within a second is left to the counter's bound.
   */
  async announce(change: LookupChange): Promise<void> {
    this.tell(change);
    await this.sql.execute(BUMP_SQL);
    if (!this.channel) return;
    const id = randomUUID();
    const waiting = new Confirmations();
    this.awaiting.set(id, waiting); // before publishing: confirmations can arrive before publish answers
    const timer = setTimeout(() => waiting.giveUp(), CONFIRM_TIMEOUT_MS);
    try {
      const message: Message = { id, change };
      waiting.expect(await this.channel.publish(JSON.stringify(message), 'lookup change'));
      await waiting.all;
    } finally {
      clearTimeout(timer);
      this.awaiting.delete(id);
    }
  }

  private async readEpoch(now: number): Promise<void> {
    const [row] = await this.sql.select<{ epoch: number | string }>(READ_SQL);
    const epoch = Number(row?.epoch ?? 0);
    if (epoch !== this.epoch) this.tell(null);
    this.epoch = epoch;
    this.checkedAt = now;
  }

  private hear(raw: string): void {
    let message: Message | null = null;
    try {
      message = JSON.parse(raw) as Message;
    } catch {
      // not ours to read: trust nothing cached (below)
    }
    if (message && 'confirms' in message) return this.awaiting.get(message.confirms)?.confirm();
    this.tell(message?.change ?? null);
    if (message?.id) {
      const confirmation: Message = { confirms: message.id };
      void this.channel?.publish(JSON.stringify(confirmation), 'lookup change confirmation');
    }
  }

  private tell(change: LookupChange | null): void {
    for (const listener of this.listeners) listener(change);
  }
}

/** Counts the confirmations of one announcement until every hearer Redis reported has confirmed. */
class Confirmations {
  readonly all: Promise<void>;
  private received = 0;
  private expected?: number;
  private resolve!: () => void;

  constructor() {
    this.all = new Promise<void>((resolve) => (this.resolve = resolve));
  }

  expect(hearers: number): void {
    this.expected = hearers;
    this.check();
  }

  confirm(): void {
    this.received++;
    this.check();
  }

  giveUp(): void {
    this.resolve();
  }

  private check(): void {
    if (this.expected !== undefined && this.received >= this.expected) this.resolve();
  }
}
