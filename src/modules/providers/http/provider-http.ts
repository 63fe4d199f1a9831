/**
 * The one HTTP client of the provider adapters: connect and total timeouts, bounded retries (429, 5xx, network
 * errors; Retry-After honoured), JSON in and out, and failures as ProviderError with a cause a caller can act on
 * and no secret in it.
 *
 * Provider base URLs are operator configuration (OPENAI_BASE_URL, ...), so these calls do not go through the
 * outbound URL rules of API.md §9: a local Ollama on 127.0.0.1 is a normal deployment. URLs that come from a
 * provider's answers (media) are fetched under those rules by the media fetcher instead.
 */
import { Agent, Dispatcher, request } from 'undici';
import type { ProviderCallLimits } from '../../../config/provider-config';
import { ProviderError } from '../provider.types';
import { sleep } from '../run-provider';
import { describeProviderAnswer, redact } from './provider-failure';
import { backoffMs, isRetryableStatus, MAX_RETRY_AFTER_MS, retryAfterMs } from './retry-policy';

export interface ProviderCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent as a JSON body. */
  json?: unknown;
  signal?: AbortSignal;
}

export interface ProviderAnswer {
  status: number;
  /** Lowercase names. */
  headers: Record<string, string>;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: unknown;
  /** The provider's id for this request, from its response headers, when it sends one. */
  requestId?: string;
}

/** Larger than any JSON answer we expect (base64 images included); a runaway body stops here. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-fal-request-id'];

export class ProviderHttp {
  private readonly agent: Dispatcher;

  constructor(
    /** Names the provider in error messages. */
    private readonly providerName: string,
    private readonly limits: ProviderCallLimits,
    /** Values never to repeat in an error message (the API key). */
    private readonly secrets: Array<string | undefined> = [],
    private readonly random: () => number = Math.random,
  ) {
    this.agent = new Agent({ connect: { timeout: limits.connectTimeoutMs } });
  }

  /** A 2xx answer; anything else throws ProviderError (or the caller's abort reason when it cancelled). */
  async send(call: ProviderCall): Promise<ProviderAnswer> {
    const { totalTimeoutMs, maxRetries } = this.limits;
    const deadline = AbortSignal.timeout(totalTimeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, deadline]) : deadline;
    const startedAt = Date.now();
    for (let attempt = 0; ; attempt++) {
      let failure: ProviderError;
      let wait: number | undefined;
      try {
        const answer = await this.once(call, signal);
        if (answer.status >= 200 && answer.status < 300) return answer;
        failure = new ProviderError(this.clean(describeProviderAnswer(this.providerName, answer)));
        if (!isRetryableStatus(answer.status)) throw failure;
        wait = retryAfterMs(answer.headers['retry-after']);
        if (wait !== undefined && wait > MAX_RETRY_AFTER_MS) throw failure;
      } catch (err) {
        if (call.signal?.aborted) throw call.signal.reason;
        if (deadline.aborted) throw this.timedOut();
        if (err instanceof ProviderError) throw err;
        failure = new ProviderError(
          this.clean(`${this.providerName} could not be reached: ${networkCause(err)}`),
        );
      }
      if (attempt >= maxRetries) throw failure;
      const delay = backoffMs(attempt + 1, wait, this.random);
      // A retry that could only start after the deadline would be cut short anyway: fail with the real cause.
      if (Date.now() - startedAt + delay >= totalTimeoutMs) throw failure;
      try {
        await sleep(delay, signal);
      } catch {
        if (call.signal?.aborted) throw call.signal.reason;
        throw this.timedOut();
      }
    }
  }

  private async once(call: ProviderCall, signal: AbortSignal): Promise<ProviderAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    let body: string | undefined;
    if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    }
    const res = await request(call.url, {
      method: call.method,
      headers,
      body,
      signal,
      dispatcher: this.agent,
    });
    const text = await readText(res.body, signal);
    const flat = flattenHeaders(res.headers);
    return {
      status: res.statusCode,
      headers: flat,
      body: parseJson(text),
      requestId: REQUEST_ID_HEADERS.map((name) => flat[name]).find(Boolean),
    };
  }

  private timedOut(): ProviderError {
    return new ProviderError(
      `${this.providerName} did not answer within ${this.limits.totalTimeoutMs / 1000} s (PROVIDER_TIMEOUT_SECONDS)`,
    );
  }

  private clean(message: string): string {
    return redact(message, this.secrets);
  }
}

async function readText(body: AsyncIterable<Buffer> & { destroy(): unknown }, signal: AbortSignal) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      body.destroy();
      throw new ProviderError(`the provider's answer is larger than ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(chunk);
    signal.throwIfAborted();
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** ECONNREFUSED, ECONNRESET, a connect timeout...: the code a person can look up, never the request. */
function networkCause(err: unknown): string {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
  }
  return err instanceof Error ? err.message : String(err);
}
