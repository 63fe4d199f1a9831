import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { DomainError, invalidBody, notFound } from '../../../common/errors/domain-error';
import { checkNewKeyCapabilities, effectiveCapabilities } from '../capabilities/effective-capabilities';
import { CreateApiKeyDto } from '../dto/create-api-key.dto';
import { AccountEntity } from '../entities/account.entity';
import { ApiKeyEntity } from '../entities/api-key.entity';
import type { Principal } from '../principal';
import { generateApiKey, hashApiKey, KEY_PREFIX } from './api-key-secret';
import { ApiKeyView, toApiKeyView } from './api-key.view';

/** How often lastUsedAt is written per key: often enough to be useful, rare enough to stay off the hot path. */
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  private readonly lastUsedWrites = new Map<string, number>();

  constructor(
@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  /** The principal for a plaintext key, or null for a missing, unknown, revoked or expired one. */
  async authenticate(plaintext: string): Promise<Principal | null> {
    if (!plaintext.startsWith(KEY_PREFIX)) return null;
    const key = await this.keys.findOne({ where: { keyHash: hashApiKey(plaintext) }, relations: { account: true } });
    const now = Date.now();
    if (!key?.account || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now)) return null;
    this.touch(key.id, now);
    const { account } = key;
    return {
      accountId: account.id,
      email: account.email,
      role: account.role,
      tier: account.tier,
      approved: account.approved,
      keyId: key.id,
      keyName: key.name,
      heldCapabilities: key.capabilities,
      capabilities: effectiveCapabilities(key.capabilities, account.tier, account.role),
      webhookUrl: key.webhookUrl,
    };
  }

  /**
   * Mints a key for `owner`. `creatorCapabilities` is the minting key's effective capabilities (key:manage route)
   * or null (admin routes, CLI, bootstrap): ceilings apply either way, except to admin-role owners.
   */
  async create(owner: AccountEntity, body: CreateApiKeyDto, creatorCapabilities: string[] | null): Promise<ApiKeyView> {
    if (owner.tier === 'free' && owner.role !== 'admin') {
      throw new DomainError('API_KEY_ACCESS_DENIED', 'Free accounts cannot have API keys. Upgrade to use the API.');
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
      throw new DomainError('INVALID_CAPABILITY', `Unknown or malformed capability: ${check.invalid.join(', ')}.`, { invalid: check.invalid });
    }
    if (!check.ok) {
      throw new DomainError('CAPABILITY_ABOVE_CEILING', `This key may not be given: ${check.attempted.join(', ')}.`, {
        attempted: check.attempted,
      });
    }
    return this.issue(owner.id, body.name, check.capabilities, expiresAt);
  }

  /** Stores a new key (capabilities already checked) and returns it with its plaintext, shown only here. */
  async issue(accountId: string, name: string, capabilities: string[], expiresAt: Date | null = null, plaintext = generateApiKey()): Promise<ApiKeyView> {
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
    if (!key.revokedAt) await this.keys.update({ id: key.id }, { revokedAt: new Date() });
  }

  /** Whether this account already holds a key with this exact plaintext (bootstrap idempotence). */
  async existsForPlaintext(plaintext: string): Promise<boolean> {
    return this.keys.exists({ where: { keyHash: hashApiKey(plaintext) } });
  }

  private touch(keyId: string, now: number): void {
    const last = this.lastUsedWrites.get(keyId) ?? 0;
    if (now - last < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWrites.set(keyId, now);
    // Fire and forget: a lost lastUsedAt write must never fail or slow the request.
    this.keys.update({ id: keyId }, { lastUsedAt: new Date(now) }).catch(() => this.lastUsedWrites.delete(keyId));
  }
}
