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
  /** The JSON body, fixed when the event was recorded: every attempt sends (and signs) the same bytes. */
  body: string;
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
  /** Not part of the log row: the receiver's `Retry-After` header, if any. */
  retryAfter: string | null;
}

export type DeliveryLogRow = Omit<DeliveryAttempt, 'delivered' | 'retryAfter'>;

export function toLogRow(attempt: DeliveryAttempt): DeliveryLogRow {
  const { delivered: _delivered, retryAfter: _retryAfter, ...row } = attempt;
  return row;
}

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
  const rawBody = event.body;
  const startedAt = Date.now();
  const base = { id, event: event.event, attempt, at: new Date(startedAt).toISOString(), url: target.url };
  try {
    const response = await safeFetch(
      target.url,
      {
        method: 'POST',
        body: rawBody,
        timeoutMs: DELIVERY_TIMEOUT_MS,
        // Only the first 1 KiB is kept; a receiver's long answer does not make its 2xx a failure.
        maxBytes: RESPONSE_BODY_BYTES,
        truncate: true,
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
      retryAfter: response.headers['retry-after'] ?? null,
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
      retryAfter: null,
    };
  }
}

/** An attempt that was due but not sent (the key was revoked, its webhook removed): logged with the reason. */
export function unsentAttempt(event: string, url: string, attempt: number, reason: string): DeliveryAttempt {
  return {
    id: randomUUID(),
    event,
    attempt,
    at: new Date().toISOString(),
    url,
    statusCode: null,
    error: `not sent: ${reason}`,
    durationMs: 0,
    responseBody: '',
    delivered: false,
    retryAfter: null,
  };
}
