import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AccountEntity } from '../../auth/entities/account.entity';
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
  /** Returns the ledger row, or null when the balance would leave 0..MAX_BALANCE (nothing is written). */
  async applyChange(manager: EntityManager, change: BalanceChange): Promise<LedgerEntryEntity | null> {
    if (!Number.isInteger(change.amount) || change.amount === 0)
      throw new Error(`Invalid ledger amount ${change.amount}`);
    const update = await manager
      .createQueryBuilder()
      .update(AccountEntity)
      .set({ balance: () => 'balance + :amount' })
      // The bound is computed here so nothing overflows a 32-bit integer: the balance stays within 0..MAX_BALANCE.
      .where(change.amount > 0 ? 'id = :id AND balance <= :bound' : 'id = :id AND balance >= :bound', {
        id: change.accountId,
        amount: change.amount,
        bound: change.amount > 0 ? MAX_BALANCE - change.amount : -change.amount,
      })
      .execute();
    if (!update.affected) return null;
    const { balance } = await manager.findOneOrFail(AccountEntity, {
      where: { id: change.accountId },
      select: { id: true, balance: true },
    });
    const entry = manager.create(LedgerEntryEntity, {
      id: randomUUID(),
      accountId: change.accountId,
      type: change.type,
      amount: change.amount,
      balanceAfter: balance,
      executionId: change.executionId ?? null,
      reason: change.reason,
      createdAt: new Date(),
    });
    await manager.insert(LedgerEntryEntity, entry);
    return entry;
  }
}
