/**
 * OpenAI-compatible adapter (API.md §6): text through `POST {base}/chat/completions`, images through
 * `POST {base}/images/generations`. Any server speaking this format works through OPENAI_BASE_URL (OpenAI,
 * Ollama, vLLM, LM Studio). One-shot: the answer comes back on the request, so it cannot run async.
 */
import { randomUUID } from 'node:crypto';
import type { ProviderConfig } from '../../../config/provider-config';
import { ProviderHttp } from '../http/provider-http';
import { downloadResultMedia, imageFromBase64, ResultMediaLoader } from '../media/result-media';
import {
  ModelProvider,
  ProviderError,
  ProviderMedia,
  ProviderOutput,
  ProviderRequest,
  ProviderSubmission,
} from '../provider.types';
import {
  count,
  extraBody,
  notPollable,
  promptOf,
  stringSetting,
  upstreamModel,
} from '../shared/entry-settings';

export const OPENAI_PROVIDER_ID = 'openai';

interface ChatCompletion {
  id?: string;
  choices?: Array<{ message?: { content?: string | null } }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

interface ImagesResponse {
  created?: number;
  data?: Array<{ b64_json?: string; url?: string }>;
  usage?: { input_tokens?: number; output_tokens?: number };
}

export class OpenAiProvider implements ModelProvider {
  readonly id = OPENAI_PROVIDER_ID;
  readonly supportsPolling = false;
  private readonly http: ProviderHttp;

  constructor(
    private readonly config: ProviderConfig['openai'],
    limits: ProviderConfig['limits'],
    private readonly media: ResultMediaLoader,
  ) {
    this.http = new ProviderHttp('openai', limits, [config.apiKey]);
  }

  async submit(request: ProviderRequest): Promise<ProviderSubmission> {
    const { id, output } =
      request.model.kind === 'text' ? await this.chat(request) : await this.images(request);
    return { providerRequestId: id, immediate: { state: 'succeeded', output } };
  }

  poll(): Promise<never> {
    return Promise.reject(notPollable('openai'));
  }

  private async chat({ model, inputs, params, signal }: ProviderRequest) {
    const system = stringSetting(model, 'system');
    const messages = [
      ...(system ? [{ role: 'system', content: system }] : []),
      { role: 'user', content: promptOf(inputs, model) },
    ];
    const answer = await this.http.send({
      method: 'POST',
      url: `${this.config.baseUrl}/chat/completions`,
      headers: this.authHeaders(),
      json: { ...extraBody(model), ...params, model: upstreamModel(model), messages },
      signal,
    });
    const body = answer.body as ChatCompletion;
    const text = body?.choices?.[0]?.message?.content;
    if (typeof text !== 'string') throw new ProviderError('openai answered without a message content');
    const output: ProviderOutput = {
      text,
      usage: {
        inputTokens: count(body.usage?.prompt_tokens),
        outputTokens: count(body.usage?.completion_tokens),
      },
    };
    return { id: body.id ?? answer.requestId ?? `chatcmpl_${randomUUID()}`, output };
  }

  private async images({ model, inputs, params, signal }: ProviderRequest) {
    const { num_images: n, ...rest } = params;
    const answer = await this.http.send({
      method: 'POST',
      url: `${this.config.baseUrl}/images/generations`,
      headers: this.authHeaders(),
      json: {
        ...extraBody(model),
        ...rest,
        model: upstreamModel(model),
        prompt: promptOf(inputs, model),
        n: n ?? 1,
      },
      signal,
    });
    const body = answer.body as ImagesResponse;
    if (!Array.isArray(body?.data) || body.data.length === 0)
      throw new ProviderError('openai answered without images');
    const media: ProviderMedia[] = [];
    for (const item of body.data) {
      if (item.b64_json) media.push(imageFromBase64(item.b64_json));
      else if (item.url)
        media.push(...(await downloadResultMedia([{ url: item.url }], 'image', this.media, signal)));
      else throw new ProviderError('openai answered an image with neither b64_json nor url');
    }
    const output: ProviderOutput = {
      media,
      usage: {
        images: media.length,
        inputTokens: count(body.usage?.input_tokens),
        outputTokens: count(body.usage?.output_tokens),
      },
    };
    // The images API has no id in its body: the request id header names the call for the provider's support.
    return {
      id: answer.requestId ?? `img_${body.created ?? Date.now()}_${randomUUID().slice(0, 8)}`,
      output,
    };
  }

  private authHeaders(): Record<string, string> {
    return this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {};
  }
}
