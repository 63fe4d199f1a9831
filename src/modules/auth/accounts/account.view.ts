import type { Role, Tier } from '../../../config/tiers';
import { AccountEntity } from '../entities/account.entity';

/** An account as admins see it (API.md §10). */
export interface AccountView {
  id: string;
  email: string;
  role: Role;
  tier: Tier;
  approved: boolean;
  balance: number;
  createdAt: string;
}

export function toAccountView(account: AccountEntity): AccountView {
  const { id, email, role, tier, approved, balance } = account;
  return { id, email, role, tier, approved, balance, createdAt: account.createdAt.toISOString() };
}
