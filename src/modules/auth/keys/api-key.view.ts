import { ApiKeyEntity } from '../entities/api-key.entity';

/** The key record callers see (API.md §3): never a hash or secret; `key` (plaintext) only at creation. */
export interface ApiKeyView {
  id: string;
  name: string;
  capabilities: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  webhook: { url: string } | null;
  key?: string;
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toApiKeyView(entity: ApiKeyEntity, plaintext?: string): ApiKeyView {
  return {
    id: entity.id,
    name: entity.name,
    capabilities: entity.capabilities,
    createdAt: entity.createdAt.toISOString(),
    lastUsedAt: iso(entity.lastUsedAt),
    expiresAt: iso(entity.expiresAt),
    revokedAt: iso(entity.revokedAt),
    webhook: entity.webhookUrl ? { url: entity.webhookUrl } : null,
    ...(plaintext ? { key: plaintext } : {}),
  };
}
