/**
 * Settles with the work, or rejects with the signal's reason as soon as it aborts. A handler that ignores its
 * signal can therefore never hold a run past a timeout or a cancel; its late result is simply dropped.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined); // the abandoned work may still reject later; that is expected, not unhandled
    return Promise.reject(signal.reason);
  }
  let onAbort!: () => void;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}
