import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { TrialGrantRule } from '../../../config/billing-defaults';
import { TrialGrantUsageEntity } from '../entities/trial-grant-usage.entity';
import { timeGrantCutoff } from './grant-policy';

/** Trial grant usage, claimed and released atomically inside run transactions (quotes read it with the balance). */
@Injectable()
export class GrantUsageRepository {
  /**
   * Takes one use of a grant with a conditional update, so concurrent runs can never share the last use.
   * Returns false when the grant is used up (count) or over (time).
   */
  async claim(manager: EntityManager, accountId: string, rule: TrialGrantRule, now: Date): Promise<boolean> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(TrialGrantUsageEntity)
      .values({ accountId, modelId: rule.model, used: 0, firstUsedAt: now })
      .orIgnore()
      .execute();
    const update = manager
      .createQueryBuilder()
      .update(TrialGrantUsageEntity)
      .set({ used: () => 'used + 1' })
      .where('account_id = :accountId AND model_id = :model', { accountId, model: rule.model });
    if (rule.kind === 'count') update.andWhere('used < :amount', { amount: rule.amount });
    else update.andWhere('first_used_at > :cutoff', { cutoff: timeGrantCutoff(rule, now) });
    return Boolean((await update.execute()).affected);
  }

  /** Gives a use back when no node of that model completed (a failed or cancelled run uses no grant). */
  async release(manager: EntityManager, accountId: string, model: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(TrialGrantUsageEntity)
      .set({ used: () => 'used - 1' })
      .where('account_id = :accountId AND model_id = :model AND used > 0', { accountId, model })
      .execute();
  }
}
