/**
 * fal's queue API (API.md §6): `POST {base}/{model}` answers `{request_id, status_url, response_url,
 * cancel_url}`; the status URL answers IN_QUEUE, IN_PROGRESS or COMPLETED; the response URL the model's output;
 * `PUT` on the cancel URL stops a queued request. The URLs fal answers with are only followed when they are on
 * FAL_BASE_URL's origin, so the key is never sent anywhere else; missing ones are built from the base.
 */
import { ProviderError } from '../provider.types';

export interface FalUrls {
  statusUrl: string;
  responseUrl: string;
  cancelUrl: string;
}

export interface FalSubmitted extends FalUrls {
  requestId: string;
}

export function falSubmitted(body: unknown, baseUrl: string, model: string): FalSubmitted {
  const answer = (body ?? {}) as Record<string, unknown>;
  const requestId = answer.request_id;
  if (typeof requestId !== 'string' || requestId === '')
    throw new ProviderError('fal accepted the request without a request_id');
  const built = `${baseUrl}/${model}/requests/${encodeURIComponent(requestId)}`;
  return {
    requestId,
    statusUrl: sameOrigin(answer.status_url, baseUrl) ?? `${built}/status`,
    responseUrl: sameOrigin(answer.response_url, baseUrl) ?? built,
    cancelUrl: sameOrigin(answer.cancel_url, baseUrl) ?? `${built}/cancel`,
  };
}

function sameOrigin(url: unknown, baseUrl: string): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).origin === new URL(baseUrl).origin ? url : undefined;
  } catch {
    return undefined;
  }
}

export type FalStatus = 'queued' | 'running' | 'completed';

export function falStatus(body: unknown): FalStatus {
  const status = (body as { status?: unknown } | undefined)?.status;
  if (status === 'IN_QUEUE') return 'queued';
  if (status === 'IN_PROGRESS') return 'running';
  if (status === 'COMPLETED') return 'completed';
  throw new ProviderError(`fal answered an unknown status ${JSON.stringify(status)}`);
}

/** Where a model's files sit in its output, by kind (fal's image, video and audio models' output schemas). */
export const FAL_MEDIA_FIELDS: Record<'image' | 'video' | 'audio', string[]> = {
  image: ['images', 'image'],
  video: ['video', 'videos'],
  audio: ['audio', 'audio_file', 'audio_url'],
};
