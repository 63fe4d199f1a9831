import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { encodeCursor, Page, PageRequest } from '../../common/http/pagination';
import { SqlClient } from '../../database/sql-client';
import type { DeliveryAttempt, DeliveryLogRow } from './webhook-attempt';

const COLUMNS = [
  'id',
  'delivery_id',
  'account_id',
  'execution_id',
  'event',
  'attempt',
  'at',
  'url',
  'status_code',
  'error',
  'duration_ms',
  'response_body',
] as const;

const INSERT_SQL = `INSERT INTO webhook_attempts (${COLUMNS.join(', ')})
  VALUES (${COLUMNS.map(() => '?').join(', ')})`;

const LOG_COLUMNS = 'id, event, attempt, at, url, status_code, error, duration_ms, response_body';
const PAGE_SQL = `SELECT ${LOG_COLUMNS} FROM webhook_attempts
  WHERE account_id = ? AND execution_id = ? ORDER BY at, id LIMIT ?`;
const PAGE_AFTER_SQL = `SELECT ${LOG_COLUMNS} FROM webhook_attempts
  WHERE account_id = ? AND execution_id = ? AND (at > ? OR (at = ? AND id > ?)) ORDER BY at, id LIMIT ?`;

interface LogRow {
  id: string;
  event: string;
  attempt: unknown;
  at: unknown;
  url: string;
  status_code: unknown;
  error: string | null;
  duration_ms: unknown;
  response_body: string;
}

/** Whose attempt it was: the delivery, and the account and execution it is listed under. */
export interface AttemptOwner {
  id: string;
  accountId: string;
  executionId: string | null;
}

/** The webhook_attempts table (the delivery log of API.md §8) in hand-written SQL. */
@Injectable()
export class AttemptRecords {
  constructor(private readonly sql: SqlClient) {}

  async insert(delivery: AttemptOwner, a: DeliveryAttempt, manager: EntityManager): Promise<void> {
    await this.sql.execute(
      INSERT_SQL,
      [
        a.id,
        delivery.id,
        delivery.accountId,
        delivery.executionId,
        a.event,
        a.attempt,
        new Date(a.at),
        a.url,
        a.statusCode,
        a.error,
        a.durationMs,
        a.responseBody,
      ],
      manager,
    );
  }

  /** An execution's attempts, oldest first, in cursor pages (the cursor names the last row's time and id). */
  async pageForExecution(
    accountId: string,
    executionId: string,
    page: PageRequest,
  ): Promise<Page<DeliveryLogRow>> {
    const after = page.cursor;
    const rows = after
      ? await this.sql.select<LogRow>(PAGE_AFTER_SQL, [
          accountId,
          executionId,
          after.createdAt,
          after.createdAt,
          after.id,
          page.limit + 1,
        ])
      : await this.sql.select<LogRow>(PAGE_SQL, [accountId, executionId, page.limit + 1]);
    const data = rows.slice(0, page.limit).map((row) => this.toLogRow(row));
    const last = data[data.length - 1];
    const more = rows.length > page.limit;
    return { data, nextCursor: more && last ? encodeCursor(new Date(last.at), last.id) : null };
  }

  private toLogRow(row: LogRow): DeliveryLogRow {
    return {
      id: row.id,
      event: row.event,
      attempt: Number(row.attempt),
      at: this.sql.date(row.at)!.toISOString(),
      url: row.url,
      statusCode: row.status_code === null ? null : Number(row.status_code),
      error: row.error,
      durationMs: Number(row.duration_ms),
      responseBody: row.response_body,
    };
  }
}
