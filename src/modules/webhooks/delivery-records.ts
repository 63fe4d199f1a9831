import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SqlClient } from '../../database/sql-client';
import type { DeliveryStatus, WebhookDeliveryEntity } from './entities/webhook-delivery.entity';

const COLUMNS = [
  'id',
  'account_id',
  'api_key_id',
  'execution_id',
  'event',
  'webhook_id',
  'url',
  'payload',
  'status',
  'attempts',
  'next_attempt_at',
  'created_at',
  'updated_at',
] as const;

const INSERT_SQL = `INSERT INTO webhook_deliveries (${COLUMNS.join(', ')})
  VALUES (${COLUMNS.map(() => '?').join(', ')})`;

const SELECT_SQL = `SELECT ${COLUMNS.join(', ')} FROM webhook_deliveries WHERE id = ?`;

/** Takes a due attempt: moves next_attempt_at to the end of the sender's hold, so no one else sends it meanwhile. */
const CLAIM_SQL = `UPDATE webhook_deliveries SET next_attempt_at = ?, updated_at = ?
  WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?`;

const FINISH_ATTEMPT_SQL = `UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, updated_at = ?
  WHERE id = ? AND status = 'pending'`;

const OVERDUE_SQL = `SELECT id, attempts FROM webhook_deliveries
  WHERE status = 'pending' AND next_attempt_at < ? ORDER BY next_attempt_at LIMIT ?`;

type Row = Record<(typeof COLUMNS)[number], unknown>;

export type DeliveryRecord = WebhookDeliveryEntity;

/** What an attempt leaves behind: delivered, failed for good, or pending until `nextAttemptAt`. */
export interface AttemptEnd {
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
}

/** The webhook_deliveries table in hand-written SQL (it joins the caller's transaction on both databases). */
@Injectable()
export class DeliveryRecords {
  constructor(private readonly sql: SqlClient) {}

  async insert(d: DeliveryRecord, manager?: EntityManager): Promise<void> {
    await this.sql.execute(
      INSERT_SQL,
      [
        d.id,
        d.accountId,
        d.apiKeyId,
        d.executionId,
        d.event,
        d.webhookId,
        d.url,
        d.payload,
        d.status,
        d.attempts,
        d.nextAttemptAt,
        d.createdAt,
        d.updatedAt,
      ],
      manager,
    );
  }

  async find(id: string): Promise<DeliveryRecord | null> {
    const [row] = await this.sql.select<Row>(SELECT_SQL, [id]);
    return row ? this.toRecord(row) : null;
  }

  /** True when this caller now holds the delivery's due attempt until `holdUntil`. */
  async claim(id: string, now: Date, holdUntil: Date): Promise<boolean> {
    return (await this.sql.execute(CLAIM_SQL, [holdUntil, now, id, now])) > 0;
  }

  async finishAttempt(id: string, attempts: number, end: AttemptEnd, manager: EntityManager): Promise<void> {
    await this.sql.execute(
      FINISH_ATTEMPT_SQL,
      [end.status, attempts, end.nextAttemptAt, new Date(), id],
      manager,
    );
  }

  /** Pending deliveries due before `before` (oldest first): their jobs were lost or are late. */
  async overdue(before: Date, limit: number): Promise<Array<{ id: string; attempts: number }>> {
    const rows = await this.sql.select<{ id: string; attempts: unknown }>(OVERDUE_SQL, [before, limit]);
    return rows.map((row) => ({ id: row.id, attempts: Number(row.attempts) }));
  }

  /** Status and attempts of each execution's delivery (the latest, should there be several). */
  async summaries(
    executionIds: string[],
  ): Promise<Map<string, { status: DeliveryStatus; attempts: number }>> {
    const found = new Map<string, { status: DeliveryStatus; attempts: number }>();
    if (executionIds.length === 0) return found;
    const rows = await this.sql.select<{ execution_id: string; status: DeliveryStatus; attempts: unknown }>(
      `SELECT execution_id, status, attempts FROM webhook_deliveries
       WHERE execution_id IN (${executionIds.map(() => '?').join(', ')}) ORDER BY created_at`,
      executionIds,
    );
    for (const row of rows)
      found.set(row.execution_id, { status: row.status, attempts: Number(row.attempts) });
    return found;
  }

  private toRecord(row: Row): DeliveryRecord {
    return {
      id: row.id as string,
      accountId: row.account_id as string,
      apiKeyId: row.api_key_id as string,
      executionId: (row.execution_id as string | null) ?? null,
      event: row.event as string,
      webhookId: row.webhook_id as string,
      url: row.url as string,
      payload: row.payload as string,
      status: row.status as DeliveryStatus,
      attempts: Number(row.attempts),
      nextAttemptAt: this.sql.date(row.next_attempt_at),
      createdAt: this.sql.date(row.created_at)!,
      updatedAt: this.sql.date(row.updated_at)!,
    };
  }
}
