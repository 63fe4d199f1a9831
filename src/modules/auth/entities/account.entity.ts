import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role, Tier } from '../../../config/tiers';

@Entity('accounts')
export class AccountEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 320, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'varchar', length: 16 })
  tier: Tier;

  @Column({ type: 'boolean' })
  approved: boolean;

  /** Changes only through CreditsRepository (one conditional update + a ledger row). */
  @Column({ type: 'integer' })
  balance: number;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
