/**
 * What the caller of an outbound request is told when it fails, and what only the log gets (API.md §9). A refused
 * address and a name that does not resolve read the same, so runs and webhooks cannot be used to map internal
 * DNS; TLS and socket failures get a short cause without OpenSSL internals. Pure.
 */

/** The one answer for a target that is refused or cannot be resolved. */
export const TARGET_NOT_ALLOWED = 'The target address is not allowed.';

/** Resolution failures: answered like a refusal, or a caller could tell which names exist inside. */
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|ERR_OSSL_|EPROTO$)|CERT|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH/;
const SHORT_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection closed',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
  ETIMEDOUT: 'connect timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

export interface NetworkFailure {
  /** Safe to show the caller. */
  message: string;
  /** For the log: codes and library messages, whatever they reveal. */
  detail: string;
}

/** `host` is the URL's host as the caller wrote it. */
export function describeNetworkFailure(err: unknown, host: string): NetworkFailure {
  const chain = causeChain(err);
  const codes = chain.flatMap((e) => (typeof e.code === 'string' ? [e.code] : []));
  const detail = `request to ${host} failed: ${chain.map((e) => [e.code, e.message].filter(Boolean).join(' ')).join(' <- ')}`;
  if (codes.some((code) => DNS_CODES.has(code))) return { message: TARGET_NOT_ALLOWED, detail };
  if (codes.some((code) => TLS_CODE.test(code))) {
    return { message: `request to ${host} failed: TLS handshake failed`, detail };
  }
  const cause = codes.map((code) => SHORT_CAUSES[code]).find(Boolean);
  return { message: `request to ${host} failed${cause ? `: ${cause}` : ''}`, detail };
}

function causeChain(err: unknown): Array<{ code?: unknown; message?: string }> {
  const chain: Array<{ code?: unknown; message?: string }> = [];
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    chain.push(typeof e === 'object' ? (e as { code?: unknown; message?: string }) : { message: String(e) });
  }
  return chain;
}
