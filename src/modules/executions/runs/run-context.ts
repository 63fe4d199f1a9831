import { invalidBody } from '../../../common/errors/domain-error';

/** What the HTTP layer tells the run path about the request. */
export interface RunContext {
  requestId: string;
  /** When the request arrived (ms since epoch): `ms` in answers counts from here. */
  receivedAt: number;
  async: boolean;
  /** `Prefer: wait=<seconds>`, already capped at SYNC_WAIT_SECONDS. */
  waitSeconds: number;
  idempotencyKey: string | null;
}

/** `?async=true` runs asynchronously; absent or `false` synchronously; anything else is a mistake worth naming. */
export function parseAsyncFlag(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw invalidBody([{ path: 'async', message: 'must be true or false' }], 'Invalid async query parameter.');
}

/** `Prefer: wait=N` (RFC 7240): at most the server's SYNC_WAIT_SECONDS; the server's value when absent. */
export function parsePreferWait(header: string | undefined, maxSeconds: number): number {
  const match = header ? /(?:^|[,;\s])wait\s*=\s*(\d+)/i.exec(header) : null;
  return match ? Math.min(Math.max(Number(match[1]), 0), maxSeconds) : maxSeconds;
}
