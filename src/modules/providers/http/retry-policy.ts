/**
 * When a provider call is tried again (pure): after a 429, a 5xx or a network error, never after another 4xx;
 * exponential backoff with full jitter, unless the provider said when in `Retry-After` (seconds or an HTTP date).
 */

const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;
/** A Retry-After beyond this is not waited for: the call fails instead of sleeping for minutes. */
export const MAX_RETRY_AFTER_MS = 60_000;

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Milliseconds the provider asked us to wait, or undefined when the header is absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before retry number `attempt` (1 = the first retry). */
export function backoffMs(attempt: number, retryAfter: number | undefined, random = Math.random): number {
  if (retryAfter !== undefined) return retryAfter;
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  // Full jitter: many runs throttled at once spread out instead of retrying in lockstep.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
