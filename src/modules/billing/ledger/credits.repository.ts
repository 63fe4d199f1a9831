import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CompanionRow, SqlClient } from '../../../database/sql-client';
import { LedgerEntryEntity, LedgerEntryType } from '../entities/ledger-entry.entity';

/** Balances are 32-bit integers on every database. */
export const MAX_BALANCE = 2_147_483_647;

export interface BalanceChange {
  accountId: string;
  /** Signed: negative spends, positive adds. Never 0 (no ledger row has amount 0). */
  amount: number;
  type: LedgerEntryType;
  reason: string;
  executionId?: string | null;
}

/**
 * The only code that changes a balance: one conditional UPDATE (the balance can never go below zero, and two
 * concurrent spends can never use the same credits) and the ledger row, in the caller's transaction.
 */
@Injectable()
export class CreditsRepository {
  constructor(private readonly sql: SqlClient) {}

  /** Returns the ledger row, or null when the balance would leave 0..MAX_BALANCE (nothing is written). */
  async applyChange(manager: EntityManager, change: BalanceChange): Promise<LedgerEntryEntity | null> {
    if (!Number.isInteger(change.amount) || change.amount === 0)
      throw new Error(`Invalid ledger amount ${change.amount}`);
    // The bound is computed here so nothing overflows a 32-bit integer: the balance stays within 0..MAX_BALANCE.
    // RETURNING reads the new balance in the same statement: the account row is locked (PostgreSQL) for as
    // short a time as possible, which is what bounds concurrent runs of one account.
    const [updated] = await this.sql.select<{ balance: number }>(
      change.amount > 0 ? INCREASE_SQL : DECREASE_SQL,
      [change.amount, change.accountId, change.amount > 0 ? MAX_BALANCE - change.amount : -change.amount],
      manager,
    );
    if (!updated) return null;
    const entry: LedgerEntryEntity = {
      id: randomUUID(),
      accountId: change.accountId,
      type: change.type,
      amount: change.amount,
      balanceAfter: Number(updated.balance),
      executionId: change.executionId ?? null,
      reason: change.reason,
      createdAt: new Date(),
    };
    await this.sql.execute(
      INSERT_SQL,
      [
        entry.id,
        entry.accountId,
        entry.type,
        entry.amount,
        entry.balanceAfter,
        entry.executionId,
        entry.reason,
        entry.createdAt,
      ],
      manager,
    );
    return entry;
  }

  /**
   * PostgreSQL only: a spend, its ledger row and a companion row (the execution it pays for) in ONE statement, all
   * or nothing: the companion is inserted only when the balance allowed the spend. The account row is then locked
   * only while PostgreSQL runs that statement, never across a round trip to this process, which is what bounds how
   * many runs of one account go through per second. Returns the ledger row, or null when refused (nothing written).
   */
  async spendAlong(change: BalanceChange, companion: CompanionRow): Promise<LedgerEntryEntity | null> {
    if (!Number.isInteger(change.amount) || change.amount >= 0)
      throw new Error(`Invalid spend ${change.amount}`);
    const entry: LedgerEntryEntity = {
      id: randomUUID(),
      accountId: change.accountId,
      type: change.type,
      amount: change.amount,
      balanceAfter: 0,
      executionId: change.executionId ?? null,
      reason: change.reason,
      createdAt: new Date(),
    };
    const columns = companion.columns.map((column) => column.name).join(', ');
    const casts = companion.columns.map((column) => `?::${column.pgType}`).join(', ');
    const [row] = await this.sql.select<{ balance_after: number }>(
      `WITH debit AS (${DECREASE_SQL}),
        entry AS (
          INSERT INTO ledger_entries (id, account_id, type, amount, balance_after, execution_id, reason, created_at)
          SELECT ?::varchar, ?::varchar, ?::varchar, ?::integer, debit.balance, ?::varchar, ?::varchar, ?::timestamptz
          FROM debit RETURNING balance_after),
        companion AS (INSERT INTO ${companion.table} (${columns}) SELECT ${casts} FROM debit RETURNING 1)
      SELECT balance_after FROM entry`,
      [
        change.amount,
        change.accountId,
        -change.amount,
        entry.id,
        entry.accountId,
        entry.type,
        entry.amount,
        entry.executionId,
        entry.reason,
        entry.createdAt,
        ...companion.values,
      ],
    );
    if (!row) return null;
    return { ...entry, balanceAfter: Number(row.balance_after) };
  }
}

const INCREASE_SQL =
  'UPDATE accounts SET balance = balance + ? WHERE id = ? AND balance <= ? RETURNING balance';
const DECREASE_SQL =
  'UPDATE accounts SET balance = balance + ? WHERE id = ? AND balance >= ? RETURNING balance';
const INSERT_SQL = `INSERT INTO ledger_entries (id, account_id, type, amount, balance_after, execution_id, reason, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
