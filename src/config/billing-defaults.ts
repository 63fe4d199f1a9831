import type { Tier } from './tiers';

/** The markup per tier applied to model prices (API.md §8, §12). */
export const DEFAULT_TIER_MULTIPLIERS: Record<Tier, number> = {
  free: 1,
  pro: 1.0,
  business: 0.9,
  enterprise: 0.8,
};

/**
 * Trial grants: per tier and model, `count` (N runs) or `time` (N days from first use).
 * Default (API.md §12): pro accounts get 3 runs of sandbox-video.
 */
export interface TrialGrantRule {
  tier: Tier;
  model: string;
  kind: 'count' | 'time';
  amount: number;
}

export const DEFAULT_TRIAL_GRANTS: TrialGrantRule[] = [
  { tier: 'pro', model: 'sandbox-video', kind: 'count', amount: 3 },
];
