import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { SqlClient } from '../../../database/sql-client';
import { TickBatch } from '../../../database/tick-batch';
import type { ExecutionEntity } from '../entities/execution.entity';
import { ExecutionRecords, NOT_ENDED_SQL, OPEN_STATUSES_SQL } from '../execution-records';
import { InFlightRuns } from './in-flight-runs';

/**
 * Leases (API.md §8, "no execution stays processing forever"): a process holds each execution it runs until
 * `lease_expires_at`, and renews every lease it holds in one statement every third of the lease. A process that
 * dies stops renewing; once its leases lapse, a worker's sweep resumes or fails those executions. The renewal also
 * reads back which held executions were asked to cancel, so a cancel reaches the holder even without Redis.
 */
@Injectable()
export class ExecutionLeases implements OnApplicationBootstrap, OnModuleDestroy {
  /** This process, as written in `lease_owner`. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly logger = new Logger('ExecutionLeases');
  private readonly held = new Set<string>();
  private readonly claims = new TickBatch<string, Record<string, unknown> | undefined>(async (ids) => {
    const claimed = await this.claimRows([...new Set(ids)], new Date());
    return ids.map((id) => claimed.get(id));
  });
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sql: SqlClient,
    private readonly inFlight: InFlightRuns,
    private readonly records: ExecutionRecords,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () =>
        void this.renew().catch((error: Error) =>
          this.logger.error(`lease renewal failed: ${error.message}`),
        ),
      (this.config.executionLeaseSeconds * 1000) / 3,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** When a lease taken now runs out. */
  expiry(from = Date.now()): Date {
    return new Date(from + this.config.executionLeaseSeconds * 1000);
  }

  /** Records that this process holds an execution it inserted with its own lease (a sync run). */
  hold(executionId: string): void {
    this.held.add(executionId);
  }

  /**
   * Takes an open execution nobody else holds (or whose holder's lease lapsed) and answers it as it is now; null
   * when it is not to be had.
   * `takeOver` ignores another holder: only for holders known dead (the embedded default's earlier process).
   */
  async claim(executionId: string, takeOver = false): Promise<ExecutionEntity | null> {
    const row = takeOver
      ? (await this.claimRows([executionId], new Date('9999-12-31T00:00:00Z'))).get(executionId)
      : await this.claims.add(executionId);
    if (!row) return null;
    this.held.add(executionId);
    return this.records.fromRow(row);
  }

  /**
   * The row comes back with the claim: one statement takes the executions and reads them. The claims a worker makes
   * in one event-loop turn (its jobs arrive together) share that statement.
   */
  private async claimRows(ids: string[], now: Date): Promise<Map<string, Record<string, unknown>>> {
    const rows = await this.sql.select(
      `UPDATE executions SET lease_owner = ?, lease_expires_at = ?
        WHERE id IN (${ids.map(() => '?').join(', ')}) AND status ${NOT_ENDED_SQL}
          AND (lease_owner IS NULL OR lease_expires_at < ? OR lease_owner = ?)
        RETURNING *`,
      [this.owner, this.expiry(), ...ids, now, this.owner],
    );
    return new Map(rows.map((row) => [row.id as string, row]));
  }

  /** Lets go of an open execution, saying when it is next due (a provider poll), or not at all. */
  async release(executionId: string, nextRunAt: Date | null): Promise<void> {
    this.held.delete(executionId);
    await this.sql.execute(
      `UPDATE executions SET lease_owner = NULL, lease_expires_at = NULL, next_run_at = ?
        WHERE id = ? AND lease_owner = ?`,
      [nextRunAt, executionId, this.owner],
    );
  }

  /** The execution ended (its closing statement cleared the lease columns). */
  forget(executionId: string): void {
    this.held.delete(executionId);
  }

  /** One statement renews every lease this process holds; cancels asked of them are passed to InFlightRuns. */
  async renew(): Promise<void> {
    if (this.held.size === 0) return;
    await this.sql.execute(
      `UPDATE executions SET lease_expires_at = ? WHERE lease_owner = ? AND status IN ${OPEN_STATUSES_SQL}`,
      [this.expiry(), this.owner],
    );
    const cancelled = await this.sql.select<{ id: string }>(
      `SELECT id FROM executions WHERE lease_owner = ? AND status = 'cancel_requested'`,
      [this.owner],
    );
    for (const { id } of cancelled) this.inFlight.abort(id);
  }
}
