import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { DomainError } from '../../../common/errors/domain-error';
import { parseBody } from '../../../common/http/parse-body';
import { TargetRefusedError } from '../../../common/net/net.types';
import { TARGET_NOT_ALLOWED } from '../../../common/net/network-failure';
import { resolveAndCheckHost } from '../../../common/net/target-url';
import { targetPolicyOf } from '../../../common/net/target-policy';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { effectiveCapabilities } from '../capabilities/effective-capabilities';
import { isGranted } from '../capabilities/is-granted';
import { KeyWebhookResponse, SetKeyWebhookDto } from '../dto/key-webhook.dto';
import { ApiKeyEntity } from '../entities/api-key.entity';
import type { Principal } from '../principal';
import { ApiKeysService } from './api-keys.service';
import { LookupChanges } from '../../../database/lookup-changes';

export interface KeyWebhookTarget {
  url: string | null;
  secret: string | null;
  revoked: boolean;
}

/** A key's webhook (API.md §3): where async runs made with that key are delivered, signed with its secret. */
@Injectable()
export class KeyWebhooksService {
  private readonly logger = new Logger('KeyWebhooks');

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly apiKeys: ApiKeysService,
    private readonly changes: LookupChanges,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The key is looked up first (404), then the body (400), then the key's capability and the URL rules. */
  async set(principal: Principal, keyId: string, raw: unknown): Promise<KeyWebhookResponse> {
    const key = await this.apiKeys.findOwned(principal.accountId, keyId);
    const body = parseBody(SetKeyWebhookDto, raw);
    if (
      !isGranted(effectiveCapabilities(key.capabilities, principal.tier, principal.role), 'webhook:receive')
    ) {
      throw new DomainError(
        'WEBHOOK_NOT_ALLOWED',
        'This key does not hold webhook:receive, so it cannot have a webhook.',
      );
    }
    await this.checkUrl(body.url);
    const secret = body.secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
    await this.keys.update({ id: key.id }, { webhookUrl: body.url, webhookSecret: secret });
    await this.changes.announce({ kind: 'key', keyId: key.id }); // a principal carries its key's webhook
    return { keyId: key.id, url: body.url, ...(body.secret === undefined ? { secret } : {}) };
  }

  async remove(principal: Principal, keyId: string): Promise<void> {
    const key = await this.apiKeys.findOwned(principal.accountId, keyId);
    await this.keys.update({ id: key.id }, { webhookUrl: null, webhookSecret: null });
    await this.changes.announce({ kind: 'key', keyId: key.id });
  }

  /**
   * Where a key's events go now, for the webhook sender: its current webhook (url and secret, null when removed)
   * and whether the key was revoked; null for an unknown key.
   */
  async deliveryTarget(keyId: string): Promise<KeyWebhookTarget | null> {
    const row = await this.keys
      .createQueryBuilder('key')
      .addSelect('key.webhookSecret')
      .where('key.id = :keyId', { keyId })
      .getOne();
    if (!row) return null;
    return { url: row.webhookUrl, secret: row.webhookSecret ?? null, revoked: row.revokedAt !== null };
  }

  /** Checked at save (here) and again at connect time by the delivery, so DNS rebinding cannot slip through. */
  private async checkUrl(url: string): Promise<void> {
    try {
      await resolveAndCheckHost(url, targetPolicyOf(this.config));
    } catch (error) {
      if (!(error instanceof TargetRefusedError)) throw error;
      // The caller gets the neutral reason; which name resolved where goes to the log only.
      if (error.detail !== error.message) this.logger.warn(`webhook URL refused: ${error.detail}`);
      const reason = error.message === TARGET_NOT_ALLOWED ? 'its address is not allowed' : error.message;
      throw new DomainError('WEBHOOK_NOT_ALLOWED', `The webhook URL is not allowed: ${reason}.`, { url });
    }
  }
}
