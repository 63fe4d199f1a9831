import type { ModelKind } from '../../models/model.types';
import type { ProviderUsage } from '../provider.types';

/** Images made, or the seconds of video or audio asked for (task APIs seldom report a length). */
export function usageOf(kind: ModelKind, files: number, params: Record<string, unknown>): ProviderUsage {
  if (kind === 'image') return { images: files };
  const seconds = Number(params.duration);
  return Number.isFinite(seconds) && seconds > 0 ? { seconds } : {};
}
