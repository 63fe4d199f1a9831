/** Outbound HTTP under the URL rules of API.md §9 (webhooks, http-request nodes, media fetches). */

export interface TargetPolicy {
  /** ALLOW_PRIVATE_TARGETS: allow loopback/private/link-local/... addresses. */
  allowPrivate: boolean;
  /** ALLOW_HTTP_TARGETS: allow `http://` besides `https://`. */
  allowHttp: boolean;
}

export interface SafeRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  /** Stop reading (and fail) past this many bytes of response body. */
  maxBytes?: number;
  /** With maxBytes: keep the first maxBytes and stop reading, instead of failing (webhook answers). */
  truncate?: boolean;
  signal?: AbortSignal;
}

export interface SafeResponse {
  status: number;
  /** Lowercase header names. */
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Thrown when a URL breaks the rules (scheme, refused address) or the request fails (network, timeout, size).
 * `message` is safe to show the caller; `detail` (which name resolved where, TLS internals) is for the log only.
 */
export class TargetRefusedError extends Error {
  readonly detail: string;

  constructor(message: string, detail?: string) {
    super(message);
    this.name = 'TargetRefusedError';
    this.detail = detail ?? message;
  }
}
