import { Inject, Injectable, Logger } from '@nestjs/common';
import { targetPolicyOf } from '../../common/net/target-policy';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Transactor } from '../../database/transactor';
import { KeyWebhookTarget, KeyWebhooksService } from '../auth/keys/key-webhooks.service';
import { Telemetry } from '../telemetry/telemetry';
import { AttemptRecords } from './attempt-records';
import { AttemptOutcome, attemptOutcome } from './attempt-outcome';
import { DeliveryRecord, DeliveryRecords } from './delivery-records';
import { WebhookDeliveryProducer } from './queue/webhook-delivery.producer';
import { DELIVERY_TIMEOUT_MS, DeliveryAttempt, sendWebhookAttempt, unsentAttempt } from './webhook-attempt';

/**
 * How long a sender holds a due attempt: well past the 10 s delivery timeout. A sender killed mid-attempt leaves
 * the delivery pending; once the hold lapses the sweeper hands it out again (at-least-once: receivers dedupe).
 */
export const ATTEMPT_HOLD_MS = DELIVERY_TIMEOUT_MS * 6;

/**
 * Sends a delivery's due attempt (API.md §9) and records it: the attempt row and the delivery's new state are
 * written in one transaction, then the retry (if any) is queued with its delay.
 */
@Injectable()
export class WebhookDeliverer {
  private readonly logger = new Logger('WebhookDeliverer');

  constructor(
    private readonly deliveries: DeliveryRecords,
    private readonly attempts: AttemptRecords,
    private readonly keyWebhooks: KeyWebhooksService,
    private readonly producer: WebhookDeliveryProducer,
    private readonly transactor: Transactor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly telemetry: Telemetry,
  ) {}

  /** A job for a delivery that is not pending, not due, or held by another sender is a duplicate: nothing happens. */
  async attemptDue(deliveryId: string): Promise<void> {
    const now = new Date();
    if (!(await this.deliveries.claim(deliveryId, now, new Date(now.getTime() + ATTEMPT_HOLD_MS)))) return;
    const delivery = await this.deliveries.find(deliveryId);
    if (!delivery) return;
    const attemptNumber = delivery.attempts + 1;
    const signing = signingSecretOf(await this.keyWebhooks.deliveryTarget(delivery.apiKeyId));
    const attempt =
      'refusal' in signing
        ? unsentAttempt(delivery.event, delivery.url, attemptNumber, signing.refusal)
        : await sendWebhookAttempt(
            { url: delivery.url, secret: signing.secret },
            { webhookId: delivery.webhookId, event: delivery.event, body: delivery.payload },
            attemptNumber,
            targetPolicyOf(this.config),
          );
    const outcome: AttemptOutcome =
      'refusal' in signing
        ? { status: 'failed' }
        : attemptOutcome(attempt, attemptNumber, this.config.webhookRetrySchedule);
    await this.record(delivery, attempt, outcome);
    if (outcome.status === 'pending')
      await this.producer.enqueue(delivery.id, attemptNumber, outcome.retryInMs);
    this.log(delivery, attempt, outcome);
    this.telemetry.webhookAttempt(outcome.status === 'pending' ? 'retry' : outcome.status);
  }

  private async record(
    delivery: DeliveryRecord,
    attempt: DeliveryAttempt,
    outcome: AttemptOutcome,
  ): Promise<void> {
    const nextAttemptAt = outcome.status === 'pending' ? new Date(Date.now() + outcome.retryInMs) : null;
    await this.transactor.run(async (manager) => {
      await this.attempts.insert(delivery, attempt, manager);
      await this.deliveries.finishAttempt(
        delivery.id,
        attempt.attempt,
        { status: outcome.status, nextAttemptAt },
        manager,
      );
    });
  }

  private log(delivery: DeliveryRecord, attempt: DeliveryAttempt, outcome: AttemptOutcome): void {
    const what = `webhook ${delivery.event} ${delivery.id} attempt ${attempt.attempt}`;
    if (outcome.status === 'delivered') this.logger.log(`${what}: delivered (HTTP ${attempt.statusCode})`);
    else if (outcome.status === 'pending')
      this.logger.log(`${what}: ${attempt.error}; retry in ${Math.round(outcome.retryInMs / 1000)} s`);
    else this.logger.warn(`${what}: ${attempt.error}; failed for good`);
  }
}

/**
 * The key's current secret signs every attempt (the URL is the one captured when the event was recorded). A revoked
 * key's events stop, as do those of a key whose webhook was removed: the attempt is logged, not sent.
 */
function signingSecretOf(target: KeyWebhookTarget | null): { secret: string } | { refusal: string } {
  if (!target || target.revoked) return { refusal: 'the API key was revoked' };
  if (!target.url || !target.secret) return { refusal: "the key's webhook was removed" };
  return { secret: target.secret };
}
