/**
 * Which day folders of the media store are past MEDIA_RETENTION_DAYS (pure). Keys are `YYYY/MM/DD/<uuid>.<ext>`
 * by the UTC day they were written, so a whole day is deleted once its last moment is older than the cutoff.
 */
const DAY_MS = 86_400_000;

export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** True when every file of the day folder `YYYY/MM/DD` was written before the cutoff. */
export function isDayExpired(year: string, month: string, day: string, cutoff: Date): boolean {
  if (!/^\d{4}$/.test(year) || !/^\d{2}$/.test(month) || !/^\d{2}$/.test(day)) return false;
  const start = Date.UTC(Number(year), Number(month) - 1, Number(day));
  return Number.isFinite(start) && start + DAY_MS <= cutoff.getTime();
}
