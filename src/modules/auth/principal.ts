import type { Role, Tier } from '../../config/tiers';

/** Who is calling: the authenticated key and its account, attached to the request by the API key strategy. */
export interface Principal {
  accountId: string;
  email: string;
  role: Role;
  tier: Tier;
  approved: boolean;
  keyId: string;
  keyName: string;
  /** Capabilities the key holds, as stored. */
  heldCapabilities: string[];
  /** Held capabilities that the account's current tier ceiling allows (admins: all held). */
  capabilities: string[];
  /** The key's webhook, where async runs made with it are delivered. */
  webhookUrl: string | null;
}

/** Route groups of the rate limiter (API.md §4). */
export type RouteGroup = 'workflow-run' | 'model-run' | 'default';
