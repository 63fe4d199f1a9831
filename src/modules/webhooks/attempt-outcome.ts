import { nextRetryDelayMs } from './retry-delay';
import type { DeliveryAttempt } from './webhook-attempt';

export type AttemptOutcome =
  { status: 'delivered' } | { status: 'failed' } | { status: 'pending'; retryInMs: number };

/** The receiver asked never to be sent this again (API.md §9: 410 stops at once). */
export const GONE = 410;

/** What one attempt means for its delivery: 2xx delivered; 410 failed for good; otherwise a retry while any is left. */
export function attemptOutcome(
  attempt: Pick<DeliveryAttempt, 'delivered' | 'statusCode' | 'retryAfter'>,
  attemptsMade: number,
  schedule: readonly number[],
  random: () => number = Math.random,
  now: number = Date.now(),
): AttemptOutcome {
  if (attempt.delivered) return { status: 'delivered' };
  if (attempt.statusCode === GONE) return { status: 'failed' };
  const retryInMs = nextRetryDelayMs(schedule, attemptsMade, attempt.retryAfter, random, now);
  return retryInMs === null ? { status: 'failed' } : { status: 'pending', retryInMs };
}
