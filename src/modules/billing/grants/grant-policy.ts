import type { TrialGrantRule } from '../../../config/billing-defaults';
import type { Tier } from '../../../config/tiers';

const DAY_MS = 86_400_000;

export interface GrantUsage {
  used: number;
  firstUsedAt: Date;
}

/** The grant rule for an account's tier and a model, if configuration has one. */
export function grantRuleFor(
  rules: readonly TrialGrantRule[],
  tier: Tier,
  model: string,
): TrialGrantRule | undefined {
  return rules.find((rule) => rule.tier === tier && rule.model === model);
}

/** A grant lasts while runs remain (`count`) or until N days after first use (`time`). */
export function isGrantLive(rule: TrialGrantRule, usage: GrantUsage | undefined, now: Date): boolean {
  if (!usage) return true;
  if (rule.kind === 'count') return usage.used < rule.amount;
  return now.getTime() < usage.firstUsedAt.getTime() + rule.amount * DAY_MS;
}

/** The earliest first-use time still inside a `time` grant: used by the atomic claim's condition. */
export function timeGrantCutoff(rule: TrialGrantRule, now: Date): Date {
  return new Date(now.getTime() - rule.amount * DAY_MS);
}
