/** Each step of the schedule is stretched or shrunk by up to this much, so failed receivers are not hit in bursts. */
export const RETRY_JITTER = 0.1;

/**
 * How long to wait before the next attempt of a delivery (API.md §9), or null when no retry is left.
 * `schedule` holds the delays (seconds) before retry 1, 2, …; `attemptsMade` counts the attempts so far (≥ 1).
 * The step's delay gets ±10 % jitter. A `Retry-After` (seconds or an HTTP date) can postpone the retry, but never
 * past the next step's delay, so one receiver's header cannot stall a delivery beyond the schedule.
 */
export function nextRetryDelayMs(
  schedule: readonly number[],
  attemptsMade: number,
  retryAfterHeader: string | null,
  random: () => number,
  now: number = Date.now(),
): number | null {
  const step = attemptsMade - 1;
  if (step < 0 || step >= schedule.length) return null;
  const jittered = schedule[step] * 1000 * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random());
  const asked = retryAfterMs(retryAfterHeader, now);
  if (asked === null || asked <= jittered) return Math.round(jittered);
  const ceiling = (schedule[step + 1] ?? schedule[step]) * 1000;
  return Math.round(Math.max(jittered, Math.min(asked, ceiling)));
}

/** `Retry-After: <seconds>` or `Retry-After: <HTTP date>` as milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only a date that names itself as one (a bare number that is not an integer is no HTTP date).
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
