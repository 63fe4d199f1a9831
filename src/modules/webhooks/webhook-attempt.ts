import { randomUUID } from 'node:crypto';
import type { TargetPolicy } from '../../common/net/net.types';
import { safeFetch } from '../../common/net/safe-fetch';
import { signWebhook } from './webhook-signature';

/** A 2xx within this long is a success (API.md §9). */
export const DELIVERY_TIMEOUT_MS = 10_000;
const RESPONSE_BODY_BYTES = 1024;
export const WEBHOOK_USER_AGENT = 'Flowgate-Webhooks/1';

export interface WebhookEvent {
  /** Same for every attempt of one event (`webhook-id`), so receivers can drop duplicates. */
  webhookId: string;
  event: string;
  payload: Record<string, unknown>;
}

/** One delivery attempt, shaped like a delivery-log row (API.md §8). */
export interface DeliveryAttempt {
  id: string;
  event: string;
  attempt: number;
  at: string;
  url: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseBody: string;
  /** Not part of the log row: whether the receiver accepted (2xx). */
  delivered: boolean;
}

export type DeliveryLogRow = Omit<DeliveryAttempt, 'delivered'>;

/**
 * Sends one signed attempt under the URL rules (checked again at connect time; redirects are not followed) and
 * reports what happened. Never throws for the receiver's failures: they are the attempt's outcome.
 */
export async function sendWebhookAttempt(
  target: { url: string; secret: string },
  event: WebhookEvent,
  attempt: number,
  policy: TargetPolicy,
): Promise<DeliveryAttempt> {
  const id = randomUUID();
  const rawBody = JSON.stringify(event.payload);
  const startedAt = Date.now();
  const base = { id, event: event.event, attempt, at: new Date(startedAt).toISOString(), url: target.url };
  try {
    const response = await safeFetch(
      target.url,
      {
        method: 'POST',
        body: rawBody,
        timeoutMs: DELIVERY_TIMEOUT_MS,
        maxBytes: 64 * 1024,
        headers: {
          'content-type': 'application/json',
          'user-agent': WEBHOOK_USER_AGENT,
          'x-flowgate-signature': signWebhook(target.secret, rawBody, Math.floor(startedAt / 1000)),
          'x-flowgate-event': event.event,
          'x-flowgate-delivery': id,
          'webhook-id': event.webhookId,
        },
      },
      policy,
    );
    const delivered = response.status >= 200 && response.status < 300;
    return {
      ...base,
      statusCode: response.status,
      error: delivered ? null : `receiver answered HTTP ${response.status}`,
      durationMs: Date.now() - startedAt,
      responseBody: response.body.subarray(0, RESPONSE_BODY_BYTES).toString('utf8'),
      delivered,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      statusCode: null,
      error: message,
      durationMs: Date.now() - startedAt,
      responseBody: '',
      delivered: false,
    };
  }
}
