import { Tier, TIER_RANK } from '../../../config/tiers';

/** The capability vocabulary of API.md §3, as data. */
export const RESOURCES = ['workflow', 'model', 'webhook', 'execution', 'key', 'agent'] as const;
export type Resource = (typeof RESOURCES)[number];

export const FIXED_CAPABILITIES = [
  'workflow:run',
  'workflow:read',
  'workflow:write',
  'model:run',
  'webhook:receive',
  'execution:read',
  'execution:cancel',
  'key:manage',
  'agent:invoke',
] as const;

const SLUG = '[a-z0-9]+(?:-[a-z0-9]+)*';
/** Per-resource capabilities: `workflow:<slug>:run`, `model:<id>:run`. */
const SCOPED = new RegExp(`^(workflow|model):(${SLUG}):run$`);
const WILDCARD = new RegExp(`^(${RESOURCES.join('|')}):\\*$`);

/** Lowest tier that may hold a capability of each resource (API.md §3 ceilings). */
const RESOURCE_MIN_TIER: Record<Resource, Tier> = {
  workflow: 'pro',
  webhook: 'pro',
  execution: 'pro',
  key: 'pro',
  model: 'business',
  agent: 'business',
};

export const PRESETS: Record<string, string[]> = {
  'read-only': ['workflow:read', 'execution:read'],
  'workflow-deploy': ['workflow:run', 'workflow:read', 'execution:read'],
  'webhook-receiver': ['webhook:receive', 'execution:read'],
  'full-deploy': ['workflow:run', 'workflow:read', 'workflow:write', 'execution:read'],
};

export function isValidCapability(capability: string): boolean {
  if (capability === '*') return true;
  if ((FIXED_CAPABILITIES as readonly string[]).includes(capability)) return true;
  if (SCOPED.test(capability) && capability.split(':')[1].length <= 64) return true;
  return WILDCARD.test(capability);
}

function resourceOf(capability: string): Resource {
  return capability.split(':')[0] as Resource;
}

/** Whether an account of this tier may hold the capability; `*` is for admin-role accounts only. */
export function tierAllows(tier: Tier, capability: string): boolean {
  if (capability === '*') return false;
  return TIER_RANK[tier] >= TIER_RANK[RESOURCE_MIN_TIER[resourceOf(capability)]];
}
