/** Rate-limit windows are fixed 60 s slices of epoch time; a test counting requests must not straddle two. */
export const WINDOW_SECONDS = 60;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** When fewer than `marginMs` are left in the current window, waits for the next one to begin. */
export async function awaitFreshWindow(marginMs = 3000, windowSeconds = WINDOW_SECONDS): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await sleep(left + 50);
}

/** The epoch second at which the current window ends (X-RateLimit-Reset). */
export function currentWindowReset(windowSeconds = WINDOW_SECONDS): number {
  return (Math.floor(Date.now() / 1000 / windowSeconds) + 1) * windowSeconds;
}
