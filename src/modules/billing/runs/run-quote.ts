import type { AppConfig } from '../../../config/app-config';
import { tierAtLeast } from '../../../config/tiers';
import type { Principal } from '../../auth/principal';
import type { ModelEntry } from '../../models/model.types';
import { GrantUsage, grantRuleFor, isGrantLive } from '../grants/grant-policy';
import type { NodeCharge } from '../pricing/workflow-charges';
import type { TrialGrantRule } from '../../../config/billing-defaults';

/** How one model node will be paid for. */
export interface NodeQuote {
  nodeId: string;
  model: string;
  credits: number;
  grant: boolean;
  /** Set for token-priced models: `credits` is then the most the node is charged, its usage decides the rest. */
  perThousandTokens?: number;
}

export type Blocker =
  | { code: 'MODEL_TIER_REQUIRED'; message: string; model: string; requiredTier: string; tier: string }
  | { code: 'grant_exhausted'; message: string; model: string }
  | { code: 'INSUFFICIENT_CREDITS'; message: string; required: number; balance: number };

export interface RunQuote {
  nodes: NodeQuote[];
  /** Credits to reserve: the nodes not paid by a grant. */
  total: number;
  /** Models whose grant this run uses (one use per model per run). */
  grants: TrialGrantRule[];
  blockers: Blocker[];
}

/**
 * Decides, before any work, how each model node is paid (API.md §7-8): a live grant pays first (cost 0);
 * a model above the account's tier is allowed only on a live grant (403 MODEL_TIER_REQUIRED without one,
 * 402 grant_exhausted once used up); admins pass every tier gate. Pure: usage and balance are passed in.
 */
export function quoteRun(
  charges: NodeCharge[],
  principal: Pick<Principal, 'tier' | 'role'>,
  config: Pick<AppConfig, 'trialGrants'>,
  usage: Map<string, GrantUsage>,
  balance: number,
  now: Date,
): RunQuote {
  const nodes: NodeQuote[] = [];
  const blockers: Blocker[] = [];
  const grants = new Map<string, TrialGrantRule>();
  for (const charge of charges) {
    const entry: ModelEntry = charge.entry;
    const rule =
      principal.role === 'admin' ? undefined : grantRuleFor(config.trialGrants, principal.tier, entry.id);
    const live = rule !== undefined && isGrantLive(rule, usage.get(entry.id), now);
    const withinTier = principal.role === 'admin' || tierAtLeast(principal.tier, entry.minTier);
    if (!withinTier && !rule) {
      blockers.push({
        code: 'MODEL_TIER_REQUIRED',
        message: `The model ${entry.id} requires the ${entry.minTier} tier or above.`,
        model: entry.id,
        requiredTier: entry.minTier,
        tier: principal.tier,
      });
    } else if (!withinTier && !live) {
      blockers.push({
        code: 'grant_exhausted',
        message: `Your trial grant for ${entry.id} is used up. Upgrade to continue.`,
        model: entry.id,
      });
    }
    if (live && rule) grants.set(entry.id, rule);
    nodes.push({
      nodeId: charge.nodeId,
      model: entry.id,
      credits: live ? 0 : charge.credits,
      grant: live,
      ...(charge.perThousandTokens !== undefined && !live
        ? { perThousandTokens: charge.perThousandTokens }
        : {}),
    });
  }
  const total = nodes.reduce((sum, node) => sum + node.credits, 0);
  if (blockers.length === 0 && total > balance) {
    blockers.push({
      code: 'INSUFFICIENT_CREDITS',
      message: `This run needs ${total} credits; the balance is ${balance}.`,
      required: total,
      balance,
    });
  }
  // The contract's order: tier before grant before credits.
  const order = ['MODEL_TIER_REQUIRED', 'grant_exhausted', 'INSUFFICIENT_CREDITS'];
  blockers.sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
  return { nodes, total, grants: [...grants.values()], blockers };
}
