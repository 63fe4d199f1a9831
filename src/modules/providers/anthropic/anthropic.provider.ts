/**
 * Anthropic Messages API adapter (API.md §6): `POST {base}/v1/messages` with `x-api-key` and
 * `anthropic-version: 2023-06-01`. The prompt is the single user message; the answer's text blocks are the
 * result. One-shot, so not pollable: an async run of it is refused with ASYNC_NOT_SUPPORTED.
 */
import type { ProviderConfig } from '../../../config/provider-config';
import { ProviderHttp } from '../http/provider-http';
import { ModelProvider, ProviderError, ProviderRequest, ProviderSubmission } from '../provider.types';
import {
  count,
  extraBody,
  notPollable,
  promptOf,
  stringSetting,
  upstreamModel,
} from '../shared/entry-settings';

export const ANTHROPIC_PROVIDER_ID = 'anthropic';
export const ANTHROPIC_VERSION = '2023-06-01';
/** `max_tokens` is required by the Messages API; this applies when neither params nor settings give one. */
const DEFAULT_MAX_TOKENS = 1024;

interface Message {
  id?: string;
  content?: Array<{ type?: string; text?: string }>;
  usage?: { input_tokens?: number; output_tokens?: number };
}

export class AnthropicProvider implements ModelProvider {
  readonly id = ANTHROPIC_PROVIDER_ID;
  readonly supportsPolling = false;
  private readonly http: ProviderHttp;

  constructor(
    private readonly config: ProviderConfig['anthropic'],
    limits: ProviderConfig['limits'],
  ) {
    this.http = new ProviderHttp('anthropic', limits, [config.apiKey]);
  }

  async submit({ model, inputs, params, signal }: ProviderRequest): Promise<ProviderSubmission> {
    if (model.kind !== 'text')
      throw new ProviderError(`anthropic runs text models only, not "${model.kind}"`);
    const system = stringSetting(model, 'system');
    const answer = await this.http.send({
      method: 'POST',
      url: `${this.config.baseUrl}/v1/messages`,
      headers: { 'x-api-key': this.config.apiKey ?? '', 'anthropic-version': ANTHROPIC_VERSION },
      json: {
        max_tokens: DEFAULT_MAX_TOKENS,
        ...extraBody(model),
        ...params,
        model: upstreamModel(model),
        ...(system ? { system } : {}),
        messages: [{ role: 'user', content: promptOf(inputs, model) }],
      },
      signal,
    });
    const body = answer.body as Message;
    const blocks = Array.isArray(body?.content) ? body.content.filter((block) => block.type === 'text') : [];
    if (blocks.length === 0) throw new ProviderError('anthropic answered without a text block');
    return {
      providerRequestId: body.id ?? answer.requestId ?? 'anthropic',
      immediate: {
        state: 'succeeded',
        output: {
          text: blocks.map((block) => block.text ?? '').join(''),
          usage: {
            inputTokens: count(body.usage?.input_tokens),
            outputTokens: count(body.usage?.output_tokens),
          },
        },
      },
    };
  }

  poll(): Promise<never> {
    return Promise.reject(notPollable('anthropic'));
  }
}
