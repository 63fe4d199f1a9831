/**
 * The `settings` of an `http-task` registry entry: how to create a task, read its state and its result, and
 * cancel it, as paths, headers and JSON pointers. Enough for the common task APIs (a `createTask` then a
 * `recordInfo?taskId=` style, or `POST /tasks` then `GET /tasks/{taskId}`).
 */
import type { ModelEntry } from '../../models/model.types';
import { ProviderError } from '../provider.types';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpTaskSettings {
  /** The environment variable holding the API's base URL. */
  baseUrlEnv: string;
  /** The environment variable holding the API key; none for an API without one. */
  apiKeyEnv?: string;
  /** Header carrying the key (default `authorization`) and its scheme (default `Bearer`; `""` sends the bare key). */
  authHeader?: string;
  authScheme?: string;
  /** The upstream model name, sent as `create.modelField`. */
  model?: string;
  create: {
    method?: Method;
    path: string;
    /** Body field for `settings.model` (default `model`). */
    modelField?: string;
    /** Body field holding the inputs and params (default `input`; `""` puts them at the top level). */
    inputField?: string;
    /** Fixed fields added to every create body. */
    body?: Record<string, unknown>;
    /** Where the task id is in the create answer. */
    taskIdPointer: string;
  };
  status: {
    method?: Method;
    /** May hold `{taskId}`, in the path or the query. */
    path: string;
    statePointer: string;
    succeeded: Array<string | number>;
    failed: Array<string | number>;
    /** The failure message in a failed status answer. */
    errorPointer?: string;
    /** The result (URLs, or text for text models) in the status answer, when there is no `result` request. */
    resultPointer?: string;
  };
  /** A separate request for the result, for APIs whose status answer does not carry it. */
  result?: { method?: Method; path: string; resultPointer: string };
  cancel?: { method?: Method; path: string };
  pollIntervalMs?: number;
}

/** The entry's settings, checked enough that a mistake names the field instead of failing mid-run. */
export function httpTaskSettings(entry: ModelEntry): HttpTaskSettings {
  const settings = entry.settings as Partial<HttpTaskSettings> | undefined;
  const missing = [
    ['baseUrlEnv', settings?.baseUrlEnv],
    ['create.path', settings?.create?.path],
    ['create.taskIdPointer', settings?.create?.taskIdPointer],
    ['status.path', settings?.status?.path],
    ['status.statePointer', settings?.status?.statePointer],
  ].filter(([, value]) => typeof value !== 'string');
  if (!Array.isArray(settings?.status?.succeeded)) missing.push(['status.succeeded', undefined]);
  if (!settings?.result?.resultPointer && !settings?.status?.resultPointer)
    missing.push(['status.resultPointer or result.resultPointer', undefined]);
  if (missing.length > 0)
    throw new ProviderError(
      `model "${entry.id}" has incomplete http-task settings: ${missing.map(([name]) => name).join(', ')}`,
    );
  return settings as HttpTaskSettings;
}

export function taskPath(template: string, taskId: string): string {
  return template.replace(/\{taskId\}/g, encodeURIComponent(taskId));
}
