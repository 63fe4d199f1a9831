import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type LedgerEntryType = 'topup' | 'adjust' | 'reserve' | 'refund';

/** One balance change. The balance always equals the sum of an account's amounts. */
@Entity('ledger_entries')
@Index(['accountId', 'createdAt'])
export class LedgerEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 16 })
  type: LedgerEntryType;

  @Column({ type: 'integer' })
  amount: number;

  @Column({ name: 'balance_after', type: 'integer' })
  balanceAfter: number;

  @Index()
  @Column({ name: 'execution_id', type: 'varchar', length: 36, nullable: true })
  executionId: string | null;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
