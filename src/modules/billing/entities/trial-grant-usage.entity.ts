import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How much of a trial grant an account has used: runs for `count` grants, first use for `time` grants. */
@Entity('trial_grant_usages')
export class TrialGrantUsageEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  @PrimaryColumn({ name: 'model_id', type: 'varchar', length: 64 })
  modelId: string;

  @Column({ type: 'integer' })
  used: number;

  @Column({ name: 'first_used_at', type: Date })
  firstUsedAt: Date;
}
