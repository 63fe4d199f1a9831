/** What a sandbox model returns for a request, by the entry's kind (API.md §12). */
import type { ModelEntry } from '../../models/model.types';
import type { ProviderOutput, ProviderRequest } from '../provider.types';
import { drawImage, drawVideo, makeAudio } from './sandbox-media';

export async function makeSandboxOutput(request: ProviderRequest): Promise<ProviderOutput> {
  const { model, signal } = request;
  const prompt = String(request.inputs.prompt ?? '');
  const param = (name: string) => paramOrDefault(model, request.params, name);

  switch (model.kind) {
    case 'text':
      return { text: sandboxText(prompt, request.inputs.system) };
    case 'image': {
      const media = [];
      for (let index = 0; index < Number(param('num_images') ?? 1); index++) {
        signal.throwIfAborted(); // large images take a while each; stop between them
        const data = await drawImage({
          prompt,
          index,
          width: Number(param('width') ?? 512),
          height: Number(param('height') ?? 512),
          seed: param('seed') === undefined ? undefined : Number(param('seed')),
        });
        media.push({ contentType: 'image/png', data });
      }
      return { media };
    }
    case 'video': {
      const data = await drawVideo({
        prompt,
        durationSeconds: Number(param('duration') ?? 5),
        width: Number(param('width') ?? 256),
        height: Number(param('height') ?? 256),
        fps: Number(param('fps') ?? 2),
        imageUrl: typeof request.inputs.image === 'string' ? request.inputs.image : undefined,
      });
      return { media: [{ contentType: 'image/gif', data }] };
    }
    case 'audio':
      return {
        media: [{ contentType: 'audio/wav', data: makeAudio(prompt, Number(param('duration') ?? 10)) }],
      };
  }
}

/** Includes the prompt so a caller can see their input went through, plus derived bits to look like work. */
export function sandboxText(prompt: string, system?: unknown): string {
  const words = prompt.trim() === '' ? 0 : prompt.trim().split(/\s+/).length;
  const reversed = [...prompt].reverse().join('');
  const preamble = typeof system === 'string' && system !== '' ? `[system: ${system}] ` : '';
  return `${preamble}sandbox-text: ${prompt} (${words} words; reversed: ${reversed})`;
}

/** Params normally arrive with defaults applied; the entry's default covers callers that skipped that. */
function paramOrDefault(model: ModelEntry, params: Record<string, unknown>, name: string): unknown {
  return params[name] ?? model.params.find((p) => p.name === name)?.default;
}
