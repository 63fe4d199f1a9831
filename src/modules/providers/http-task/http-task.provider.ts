/**
 * Generic HTTP task API adapter (API.md §6): create a task, poll its status, read its result URLs (or text), and
 * cancel it, all described by the entry's settings (http-task-settings.ts). Pollable, so async works.
 */
import type { ProviderConfig } from '../../../config/provider-config';
import type { ModelEntry } from '../../models/model.types';
import { ProviderHttp } from '../http/provider-http';
import { downloadResultMedia, ResultMediaLoader } from '../media/result-media';
import {
  ModelProvider,
  ProviderError,
  ProviderPoll,
  ProviderRequest,
  ProviderSubmission,
} from '../provider.types';
import { readPointer } from '../shared/json-pointer';
import { resultFilesIn } from '../shared/result-files';
import { usageOf } from '../shared/usage';
import { HttpTaskSettings, httpTaskSettings, taskPath } from './http-task-settings';

export const HTTP_TASK_PROVIDER_ID = 'http-task';
const DEFAULT_POLL_INTERVAL_MS = 1000;

export class HttpTaskProvider implements ModelProvider {
  readonly id = HTTP_TASK_PROVIDER_ID;
  readonly supportsPolling = true;
  /** One client per API key variable, so a key is redacted from its own errors. */
  private readonly clients = new Map<string, ProviderHttp>();

  constructor(
    private readonly env: ProviderConfig['env'],
    private readonly limits: ProviderConfig['limits'],
    private readonly media: ResultMediaLoader,
  ) {}

  async submit({ model, inputs, params, signal }: ProviderRequest): Promise<ProviderSubmission> {
    const settings = httpTaskSettings(model);
    const { create } = settings;
    const payload = { ...params, ...inputs };
    const inputField = create.inputField ?? 'input';
    const body: Record<string, unknown> = {
      ...(create.body ?? {}),
      ...(settings.model ? { [create.modelField ?? 'model']: settings.model } : {}),
      ...(inputField === '' ? payload : { [inputField]: payload }),
    };
    const answer = await this.send(model, settings, create.method ?? 'POST', create.path, signal, body);
    const taskId = readPointer(answer.body, create.taskIdPointer);
    if (typeof taskId !== 'string' && typeof taskId !== 'number')
      throw new ProviderError(`${model.provider} answered without a task id at ${create.taskIdPointer}`);
    return { providerRequestId: String(taskId), state: { taskId: String(taskId) } };
  }

  async poll(
    submission: ProviderSubmission,
    { model, params, signal }: ProviderRequest,
  ): Promise<ProviderPoll> {
    const settings = httpTaskSettings(model);
    const taskId = String(submission.state?.taskId ?? submission.providerRequestId);
    const { status } = settings;
    const answer = await this.send(
      model,
      settings,
      status.method ?? 'GET',
      taskPath(status.path, taskId),
      signal,
    );
    const state = readPointer(answer.body, status.statePointer) as string | number | undefined;
    if (status.failed?.includes(state as string)) {
      const cause = status.errorPointer ? readPointer(answer.body, status.errorPointer) : undefined;
      return {
        state: 'failed',
        message: `task ${taskId} failed: ${typeof cause === 'string' && cause ? cause : `state ${state}`}`,
      };
    }
    if (!status.succeeded.includes(state as string))
      return { state: 'running', retryAfterMs: settings.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS };

    let result: unknown;
    if (settings.result) {
      const { method, path, resultPointer } = settings.result;
      const answer2 = await this.send(model, settings, method ?? 'GET', taskPath(path, taskId), signal);
      result = readPointer(answer2.body, resultPointer);
    } else {
      result = readPointer(answer.body, status.resultPointer!);
    }
    if (model.kind === 'text') {
      if (typeof result !== 'string')
        throw new ProviderError(`task ${taskId} finished without a text result`);
      return { state: 'succeeded', output: { text: result } };
    }
    const files = resultFilesIn(result);
    if (files.length === 0) throw new ProviderError(`task ${taskId} finished without result URLs`);
    const media = await downloadResultMedia(files, model.kind, this.media, signal);
    return { state: 'succeeded', output: { media, usage: usageOf(model.kind, media.length, params) } };
  }

  async cancel(submission: ProviderSubmission, model: ModelEntry): Promise<void> {
    const settings = httpTaskSettings(model);
    if (!settings.cancel) return;
    const taskId = String(submission.state?.taskId ?? submission.providerRequestId);
    await this.send(
      model,
      settings,
      settings.cancel.method ?? 'POST',
      taskPath(settings.cancel.path, taskId),
    );
  }

  private send(
    model: ModelEntry,
    settings: HttpTaskSettings,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    signal?: AbortSignal,
    json?: unknown,
  ) {
    const baseUrl = this.env[settings.baseUrlEnv]?.replace(/\/+$/, '');
    if (!baseUrl) throw new ProviderError(`model "${model.id}" needs ${settings.baseUrlEnv} to be set`);
    const key = settings.apiKeyEnv ? this.env[settings.apiKeyEnv] : undefined;
    const headers: Record<string, string> = {};
    if (key) {
      const scheme = settings.authScheme ?? 'Bearer';
      headers[(settings.authHeader ?? 'authorization').toLowerCase()] = scheme ? `${scheme} ${key}` : key;
    }
    return this.client(settings.apiKeyEnv, key).send({
      method,
      url: `${baseUrl}${path}`,
      headers,
      json,
      signal,
    });
  }

  private client(keyEnv: string | undefined, key: string | undefined): ProviderHttp {
    const name = keyEnv ?? '';
    let client = this.clients.get(name);
    if (!client) {
      client = new ProviderHttp('the task API', this.limits, [key]);
      this.clients.set(name, client);
    }
    return client;
  }
}
