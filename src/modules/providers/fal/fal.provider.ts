/** fal adapter (API.md §6): submit to the queue, poll status, read the response, cancel. Pollable, so async works. */
import type { ProviderConfig } from '../../../config/provider-config';
import type { ModelKind } from '../../models/model.types';
import { ProviderHttp } from '../http/provider-http';
import { providerMessage } from '../http/provider-failure';
import { downloadResultMedia, ResultMediaLoader } from '../media/result-media';
import {
  ModelProvider,
  ProviderError,
  ProviderPoll,
  ProviderRequest,
  ProviderSubmission,
} from '../provider.types';
import { readPointer } from '../shared/json-pointer';
import { extraBody, stringSetting, upstreamModel } from '../shared/entry-settings';
import { resultFilesIn } from '../shared/result-files';
import { usageOf } from '../shared/usage';
import { FAL_MEDIA_FIELDS, falStatus, falSubmitted, FalUrls } from './fal-queue';

export const FAL_PROVIDER_ID = 'fal';
const DEFAULT_POLL_INTERVAL_MS = 1000;

export class FalProvider implements ModelProvider {
  readonly id = FAL_PROVIDER_ID;
  readonly supportsPolling = true;
  private readonly http: ProviderHttp;

  constructor(
    private readonly config: ProviderConfig['fal'],
    limits: ProviderConfig['limits'],
    private readonly media: ResultMediaLoader,
  ) {
    this.http = new ProviderHttp('fal', limits, [config.apiKey]);
  }

  async submit({ model, inputs, params, signal }: ProviderRequest): Promise<ProviderSubmission> {
    const name = upstreamModel(model);
    const answer = await this.http.send({
      method: 'POST',
      url: `${this.config.baseUrl}/${name}`,
      headers: this.authHeaders(),
      json: { ...extraBody(model), ...params, ...inputs },
      signal,
    });
    const { requestId, ...urls } = falSubmitted(answer.body, this.config.baseUrl, name);
    return { providerRequestId: requestId, state: { ...urls } };
  }

  async poll(
    submission: ProviderSubmission,
    { model, params, signal }: ProviderRequest,
  ): Promise<ProviderPoll> {
    const urls = submission.state as unknown as FalUrls;
    const status = await this.http.send({
      method: 'GET',
      url: urls.statusUrl,
      headers: this.authHeaders(),
      signal,
    });
    if (falStatus(status.body) !== 'completed') {
      const interval = Number(model.settings?.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
      return { state: 'running', retryAfterMs: interval };
    }
    const response = await this.http
      .send({ method: 'GET', url: urls.responseUrl, headers: this.authHeaders(), signal })
      .catch((err: unknown) => {
        // A request that failed at fal answers its response URL with the error: that is the run's failure.
        if (err instanceof ProviderError) return { failed: err.message };
        throw err;
      });
    if ('failed' in response) return { state: 'failed', message: response.failed };
    const body = response.body as Record<string, unknown>;
    if (body?.error || body?.detail) return { state: 'failed', message: `fal: ${providerMessage(body)}` };
    if (model.kind === 'text') {
      const text = readPointer(body, stringSetting(model, 'resultPointer') ?? '/output');
      if (typeof text !== 'string') throw new ProviderError('fal answered without a text output');
      return { state: 'succeeded', output: { text } };
    }
    const files = resultFilesIn(mediaValue(body, model.kind, stringSetting(model, 'resultPointer')));
    if (files.length === 0) throw new ProviderError(`fal answered without ${model.kind} files`);
    const media = await downloadResultMedia(files, model.kind, this.media, signal);
    return { state: 'succeeded', output: { media, usage: usageOf(model.kind, media.length, params) } };
  }

  async cancel(submission: ProviderSubmission): Promise<void> {
    const urls = submission.state as unknown as FalUrls;
    await this.http.send({ method: 'PUT', url: urls.cancelUrl, headers: this.authHeaders() });
  }

  private authHeaders(): Record<string, string> {
    return { authorization: `Key ${this.config.apiKey ?? ''}` };
  }
}

function mediaValue(
  body: Record<string, unknown>,
  kind: Exclude<ModelKind, 'text'>,
  pointer?: string,
): unknown {
  if (pointer) return readPointer(body, pointer);
  return FAL_MEDIA_FIELDS[kind].map((field) => body?.[field]).find((value) => value !== undefined);
}
