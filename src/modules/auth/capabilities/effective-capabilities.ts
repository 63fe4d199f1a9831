import type { Role, Tier } from '../../../config/tiers';
import { isGranted } from './is-granted';
import { isValidCapability, PRESETS, tierAllows } from './capability.vocabulary';

/** What a key may use now: the capabilities it holds that the account's current tier ceiling allows. */
export function effectiveCapabilities(held: readonly string[], tier: Tier, role: Role): string[] {
  return role === 'admin' ? [...held] : held.filter((capability) => tierAllows(tier, capability));
}

export type CapabilityRequest = { capabilities?: string[]; preset?: string };

export type CapabilityCheck =
  | { ok: true; capabilities: string[] }
  | { ok: false; code: 'INVALID_CAPABILITY'; invalid: string[] }
  | { ok: false; code: 'CAPABILITY_ABOVE_CEILING'; attempted: string[] };

/**
 * Decides what a new key may hold (API.md §3): valid capabilities or a known preset; within the account's tier
 * ceiling (admin-role accounts exempt); and, when minted by another key, nothing its creator lacks.
 */
export function checkNewKeyCapabilities(
  request: CapabilityRequest,
  owner: { tier: Tier; role: Role },
  creatorCapabilities: readonly string[] | null,
): CapabilityCheck {
  const requested = request.preset !== undefined ? PRESETS[request.preset] : (request.capabilities ?? []);
  if (request.preset !== undefined && !requested)
    return { ok: false, code: 'INVALID_CAPABILITY', invalid: [request.preset] };
  const invalid = requested.filter((capability) => !isValidCapability(capability));
  if (invalid.length > 0) return { ok: false, code: 'INVALID_CAPABILITY', invalid };
  const unique = [...new Set(requested)];
  const attempted = unique.filter(
    (capability) =>
      (owner.role !== 'admin' && !tierAllows(owner.tier, capability)) ||
      (creatorCapabilities !== null && !isGranted(creatorCapabilities, capability)),
  );
  if (attempted.length > 0) return { ok: false, code: 'CAPABILITY_ABOVE_CEILING', attempted };
  return { ok: true, capabilities: unique };
}
