/**
 * ISO 8601 timestamps for the run path, formatted once per millisecond: a run stamps each step's start and end,
 * and most of those stamps of a busy process fall in a millisecond that was already formatted.
 */
let lastMs = NaN;
let lastIso = '';

/** `new Date().toISOString()`, from a one-entry cache keyed by the millisecond. */
export function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/**
 * A formatter whose last answer is kept: `format(date)` runs again only for a different instant. For columns that
 * take a date in a fixed text form (SQLite's), where one row's several timestamps are often the same instant.
 */
export function lastInstantCache(format: (date: Date) => string): (date: Date) => string {
  let cachedMs = NaN;
  let cached = '';
  return (date) => {
    const ms = date.getTime();
    if (ms !== cachedMs) {
      cachedMs = ms;
      cached = format(date);
    }
    return cached;
  };
}
