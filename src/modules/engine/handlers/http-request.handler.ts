/**
 * `http-request`: one outbound call under the URL rules (API.md §9) → `{ response: {status, headers, body} }`.
 * Any status is a result; a refused URL, a network error or the request's own timeout fail the node.
 */
import type { TargetPolicy } from '../../../common/net/net.types';
import { DEFAULT_OUTPUT_LIMITS } from '../../../config/output-limits';
import { safeFetch } from '../../../common/net/safe-fetch';
import type { NodeContext, NodeHandler, NodeOutputs } from '../engine.types';
import { readResponseBody, renderHttpRequest } from './http-request-parts';
import { logOutboundFailure } from './outbound-failure-log';
import { placeholderValues } from './placeholder-values';

const DEFAULT_TIMEOUT_MS = 10_000;

export class HttpRequestHandler implements NodeHandler {
  readonly type = 'http-request' as const;

  /**
   * `maxOutputBytes` (MAX_NODE_OUTPUT_BYTES) caps the response body as it is read — the whole body is held in
   * memory and flows on through the graph — and each rendered part of the request.
   */
  constructor(
    private readonly policy: TargetPolicy,
    private readonly maxOutputBytes = DEFAULT_OUTPUT_LIMITS.maxNodeOutputBytes,
  ) {}

  async run(ctx: NodeContext): Promise<NodeOutputs> {
    const { node, inputs, signal } = ctx;
    const request = renderHttpRequest(node.data, placeholderValues(inputs), this.maxOutputBytes);
    const timeoutMs = typeof node.data.timeoutMs === 'number' ? node.data.timeoutMs : DEFAULT_TIMEOUT_MS;
    const response = await safeFetch(
      request.url,
      {
        method: request.method,
        headers: request.headers,
        body: request.body,
        timeoutMs,
        maxBytes: this.maxOutputBytes,
        signal,
      },
      this.policy,
    ).catch((err: unknown) => {
      logOutboundFailure(ctx, err);
      throw err;
    });
    const body = readResponseBody(response, node.data.responseType);
    return { response: { status: response.status, headers: response.headers, body } };
  }
}
