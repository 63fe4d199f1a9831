import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import type { Role, Tier } from '../../../config/tiers';
import { LookupChanges } from '../../../database/lookup-changes';
import { SqlClient } from '../../../database/sql-client';
import { DomainError, invalidBody, notFound } from '../../../common/errors/domain-error';
import { checkNewKeyCapabilities, effectiveCapabilities } from '../capabilities/effective-capabilities';
import { CreateApiKeyDto } from '../dto/create-api-key.dto';
import { AccountEntity } from '../entities/account.entity';
import { ApiKeyEntity } from '../entities/api-key.entity';
import type { Principal } from '../principal';
import { generateApiKey, hashApiKey, KEY_PREFIX } from './api-key-secret';
import { ApiKeyView, toApiKeyView } from './api-key.view';
import { VerifiedKeys } from './verified-keys';

const AUTHENTICATE_SQL = `
  SELECT k.id AS key_id, k.name, k.capabilities, k.expires_at, k.revoked_at, k.webhook_url,
         a.id AS account_id, a.email, a.role, a.tier, a.approved
  FROM api_keys k JOIN accounts a ON a.id = k.account_id
  WHERE k.key_hash = ?`;

interface KeyRow {
  key_id: string;
  name: string;
  capabilities: unknown;
  expires_at: unknown;
  revoked_at: unknown;
  webhook_url: string | null;
  account_id: string;
  email: string;
  role: Role;
  tier: Tier;
  approved: unknown;
}

/** How often lastUsedAt is written per key: often enough to be useful, rare enough to stay off the hot path. */
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  private readonly lastUsedWrites = new Map<string, number>();
  /** Keys verified recently (KEY_CACHE_SIZE of them), dropped as LookupChanges tells of changes. */
  readonly verified: VerifiedKeys;

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly sql: SqlClient,
    private readonly changes: LookupChanges,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.verified = new VerifiedKeys(config.keyCacheSize);
    changes.onChange((change) => this.verified.drop(change));
  }

  /**
   * The principal for a plaintext key, or null for a missing, unknown, revoked or expired one. Every request runs
   * this: a key verified recently is answered from memory, which every change to it or its account clears at once
   * in every process (LookupChanges); otherwise one hand-written joined query.
   */
  async authenticate(plaintext: string): Promise<Principal | null> {
    if (!plaintext.startsWith(KEY_PREFIX)) return null;
    const hash = hashApiKey(plaintext);
    const now = Date.now();
    const checking = this.changes.fresh(now);
    if (checking) await checking;
    const cached = this.verified.get(hash, now);
    if (cached) {
      this.touch(cached.keyId, now);
      return cached;
    }
    const [row] = await this.sql.select<KeyRow>(AUTHENTICATE_SQL, [hash]);
    const expiresAt = row ? this.sql.date(row.expires_at) : null;
    if (!row || row.revoked_at !== null || (expiresAt && expiresAt.getTime() <= now)) return null;
    this.touch(row.key_id, now);
    const principal = this.principalOf(row);
    this.verified.set(hash, principal, expiresAt?.getTime() ?? null);
    return principal;
  }

  private principalOf(row: KeyRow): Principal {
    const held = this.sql.json<string[]>(row.capabilities);
    return {
      accountId: row.account_id,
      email: row.email,
      role: row.role,
      tier: row.tier,
      approved: this.sql.bool(row.approved),
      keyId: row.key_id,
      keyName: row.name,
      heldCapabilities: held,
      capabilities: effectiveCapabilities(held, row.tier, row.role),
      webhookUrl: row.webhook_url,
    };
  }

  /**
   * Mints a key for `owner`. `creatorCapabilities` is the minting key's effective capabilities (key:manage route)
   * or null (admin routes, CLI, bootstrap): ceilings apply either way, except to admin-role owners.
   */
  async create(
    owner: AccountEntity,
    body: CreateApiKeyDto,
    creatorCapabilities: string[] | null,
  ): Promise<ApiKeyView> {
    if (owner.tier === 'free' && owner.role !== 'admin') {
      throw new DomainError(
        'API_KEY_ACCESS_DENIED',
        'Free accounts cannot have API keys. Upgrade to use the API.',
      );
    }
    if ((body.capabilities === undefined) === (body.preset === undefined)) {
      throw invalidBody([{ path: 'capabilities', message: 'give exactly one of capabilities or preset' }]);
    }
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw invalidBody([{ path: 'expiresAt', message: 'must be in the future' }]);
    }
    const check = checkNewKeyCapabilities(body, owner, creatorCapabilities);
    if (!check.ok && check.code === 'INVALID_CAPABILITY') {
      throw new DomainError(
        'INVALID_CAPABILITY',
        `Unknown or malformed capability: ${check.invalid.join(', ')}.`,
        { invalid: check.invalid },
      );
    }
    if (!check.ok) {
      throw new DomainError(
        'CAPABILITY_ABOVE_CEILING',
        `This key may not be given: ${check.attempted.join(', ')}.`,
        {
          attempted: check.attempted,
        },
      );
    }
    return this.issue(owner.id, body.name, check.capabilities, expiresAt);
  }

  /** Stores a new key (capabilities already checked) and returns it with its plaintext, shown only here. */
  async issue(
    accountId: string,
    name: string,
    capabilities: string[],
    expiresAt: Date | null = null,
    plaintext = generateApiKey(),
  ): Promise<ApiKeyView> {
    const entity = this.keys.create({
      id: randomUUID(),
      accountId,
      name,
      keyHash: hashApiKey(plaintext),
      capabilities,
      createdAt: new Date(),
      lastUsedAt: null,
      expiresAt,
      revokedAt: null,
      webhookUrl: null,
      webhookSecret: null,
    });
    await this.keys.insert(entity);
    return toApiKeyView(entity, plaintext);
  }

  async list(accountId: string): Promise<ApiKeyView[]> {
    const keys = await this.keys.find({ where: { accountId }, order: { createdAt: 'ASC' } });
    return keys.map((key) => toApiKeyView(key));
  }

  async findOwned(accountId: string, keyId: string): Promise<ApiKeyEntity> {
    const key = await this.keys.findOne({ where: { id: keyId, accountId } });
    if (!key) throw notFound('No API key with that id.');
    return key;
  }

  async get(keyId: string): Promise<ApiKeyView | null> {
    const key = await this.keys.findOne({ where: { id: keyId } });
    return key ? toApiKeyView(key) : null;
  }

  /** Revoking twice is harmless: the first revocation time stays. */
  async revoke(accountId: string, keyId: string): Promise<void> {
    const key = await this.findOwned(accountId, keyId);
    if (key.revokedAt) return;
    await this.keys.update({ id: key.id }, { revokedAt: new Date() });
    await this.changes.announce({ kind: 'key', keyId: key.id });
  }

  private touch(keyId: string, now: number): void {
    const last = this.lastUsedWrites.get(keyId) ?? 0;
    if (now - last < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWrites.set(keyId, now);
    // Fire and forget: a lost lastUsedAt write must never fail or slow the request.
    this.keys
      .update({ id: keyId }, { lastUsedAt: new Date(now) })
      .catch(() => this.lastUsedWrites.delete(keyId));
  }
}
