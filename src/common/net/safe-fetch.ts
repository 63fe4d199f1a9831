/**
 * The one outbound HTTP client (webhooks, http-request nodes, media fetches) under API.md §9:
 * URL rules, connect-time address checks, no redirects, a deadline and a body size cap.
 */
import { Dispatcher, request } from 'undici';
import { agentFor, ForbiddenAddressError } from './guarded-agent';
import { SafeRequest, SafeResponse, TargetPolicy, TargetRefusedError } from './net.types';
import { describeNetworkFailure, TARGET_NOT_ALLOWED } from './network-failure';
import { assertAllowedUrl, hostOf } from './target-url';

export { assertAllowedUrl, resolveAndCheckHost } from './target-url';

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Sends one request and reads the whole body. Redirects come back as they are (3xx, `location` header).
 * Rule breaks, network errors, timeouts and oversize bodies throw TargetRefusedError (a neutral message for the
 * caller, the detail for the log); when the caller's own `signal` aborts, its reason is thrown instead so
 * cancellation stays recognisable.
 */
export async function safeFetch(url: string, req: SafeRequest, policy: TargetPolicy): Promise<SafeResponse> {
  const target = assertAllowedUrl(url, policy);
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;

  try {
    const res = await request(target, {
      method: (req.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      signal,
      dispatcher: agentFor(policy.allowPrivate),
    });
    const body = await readCapped(res.body, req.maxBytes, signal, req.truncate ?? false);
    return { status: res.statusCode, headers: flattenHeaders(res.headers), body };
  } catch (err) {
    if (req.signal?.aborted) throw req.signal.reason;
    if (err instanceof TargetRefusedError) throw err;
    if (deadline.aborted) throw new TargetRefusedError(`request timed out after ${timeoutMs} ms`);
    const forbidden = findCause(err, ForbiddenAddressError);
    if (forbidden) throw new TargetRefusedError(TARGET_NOT_ALLOWED, `URL ${forbidden.message}`);
    const failure = describeNetworkFailure(err, hostOf(target));
    throw new TargetRefusedError(failure.message, failure.detail);
  }
}

async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown },
  maxBytes: number | undefined,
  signal: AbortSignal,
  truncate: boolean,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (maxBytes !== undefined && size > maxBytes) {
      body.destroy();
      if (truncate) {
        chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
        return Buffer.concat(chunks);
      }
      throw new TargetRefusedError(`response too large (over ${maxBytes} bytes)`);
    }
    chunks.push(chunk);
    signal.throwIfAborted();
  }
  return Buffer.concat(chunks);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function findCause<T extends Error>(err: unknown, type: new (...args: never[]) => T): T | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof type) return e;
  }
  return undefined;
}
