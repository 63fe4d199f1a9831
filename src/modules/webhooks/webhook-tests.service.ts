import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../common/errors/domain-error';
import { targetPolicyOf } from '../../common/net/target-policy';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Transactor } from '../../database/transactor';
import { ApiKeysService } from '../auth/keys/api-keys.service';
import { KeyWebhooksService } from '../auth/keys/key-webhooks.service';
import type { Principal } from '../auth/principal';
import { AttemptRecords } from './attempt-records';
import { DeliveryRecords } from './delivery-records';
import { DeliveryLogRow, sendWebhookAttempt, toLogRow } from './webhook-attempt';

/**
 * POST /api/api-keys/:id/webhook/test (API.md §3): one `webhook.test` attempt now, answered with its log row. It
 * is recorded like any delivery (no execution, never retried), so the account's delivery history is complete.
 */
@Injectable()
export class WebhookTests {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly keyWebhooks: KeyWebhooksService,
    private readonly deliveries: DeliveryRecords,
    private readonly attempts: AttemptRecords,
    private readonly transactor: Transactor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send(principal: Principal, keyId: string): Promise<DeliveryLogRow> {
    const key = await this.apiKeys.findOwned(principal.accountId, keyId);
    const target = await this.keyWebhooks.deliveryTarget(key.id);
    if (!target?.url || !target.secret) {
      throw new DomainError(
        'WEBHOOK_NOT_ALLOWED',
        'This key has no webhook. Set one with PUT /api/api-keys/:id/webhook.',
      );
    }
    const now = new Date();
    const delivery = {
      id: randomUUID(),
      accountId: key.accountId,
      apiKeyId: key.id,
      executionId: null,
      event: 'webhook.test',
      webhookId: randomUUID(),
      url: target.url,
      payload: JSON.stringify({ event: 'webhook.test', keyId: key.id, createdAt: now.toISOString() }),
    };
    const attempt = await sendWebhookAttempt(
      { url: target.url, secret: target.secret },
      { webhookId: delivery.webhookId, event: delivery.event, body: delivery.payload },
      1,
      targetPolicyOf(this.config),
    );
    await this.transactor.run(async (manager) => {
      const status = attempt.delivered ? 'delivered' : 'failed';
      await this.deliveries.insert(
        { ...delivery, status, attempts: 1, nextAttemptAt: null, createdAt: now, updatedAt: new Date() },
        manager,
      );
      await this.attempts.insert(delivery, attempt, manager);
    });
    return toLogRow(attempt);
  }
}
