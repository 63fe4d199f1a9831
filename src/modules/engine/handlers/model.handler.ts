/**
 * `model`: runs a registry model through its provider → `out` (a string for text models, MediaRef[] for media
 * models). Produced files are stored, so results carry URLs this server serves (API.md §5). A provider still
 * working suspends the node (NodeSuspended): the caller resumes the run later, from any process.
 */
import { DEFAULT_OUTPUT_LIMITS } from '../../../config/output-limits';
import type { MediaRef, MediaStore } from '../../media/media.types';
import type { ModelEntry } from '../../models/model.types';
import { advanceProvider } from '../../providers/run-provider';
import { ProviderError, ProviderOutput } from '../../providers/provider.types';
import { NodeContext, NodeHandler, NodeOutputs, NodeSuspended } from '../engine.types';
import { mediaTooLarge } from '../output-size';
import { buildProviderRequest } from './model-request';
import type { NodeHandlerDeps } from './node-handler-deps';

/** advanceProvider's shape; injectable so a test can stand in for the provider. */
export type AdvanceModel = typeof advanceProvider;

export class ModelHandler implements NodeHandler {
  readonly type = 'model' as const;

  constructor(
    private readonly deps: Pick<NodeHandlerDeps, 'lookupModel' | 'lookupProvider' | 'mediaStore' | 'limits'>,
    private readonly advance: AdvanceModel = advanceProvider,
  ) {}

  async run({ node, inputs, signal, services }: NodeContext): Promise<NodeOutputs> {
    const modelId = String(node.data.model);
    const entry = this.deps.lookupModel(modelId);
    if (!entry) throw new Error(`model "${modelId}" is not available`);
    const provider = this.deps.lookupProvider(entry.provider);
    if (!provider) throw new Error(`provider "${entry.provider}" of model "${modelId}" is not configured`);

    const request = buildProviderRequest(entry, node.data.params, inputs, signal);
    // One step per pass: submit (or poll what an earlier pass submitted); still running → the run pauses here.
    const step = await this.advance(provider, request, services.priorSubmission(), (submission) =>
      services.reportSubmission(submission),
    );
    if (step.state === 'running') throw new NodeSuspended(step.retryAfterMs);
    services.reportProviderRequestId(step.providerRequestId);
    if (step.output.usage) services.reportUsage(step.output.usage);
    const maxMediaBytes = (this.deps.limits ?? DEFAULT_OUTPUT_LIMITS).maxMediaBytes;
    return { out: await modelOutput(entry, step.output, this.deps.mediaStore, maxMediaBytes) };
  }
}

async function modelOutput(
  entry: ModelEntry,
  output: ProviderOutput,
  store: MediaStore,
  maxMediaBytes: number,
): Promise<unknown> {
  if (entry.kind === 'text') {
    if (typeof output.text !== 'string') throw new ProviderError(`model "${entry.id}" returned no text`);
    return output.text;
  }
  if (!output.media?.length) throw new ProviderError(`model "${entry.id}" returned no ${entry.kind}`);
  // Checked before anything is stored: an oversized file never reaches the media store.
  const oversized = output.media.find((media) => media.data.length > maxMediaBytes);
  if (oversized) throw mediaTooLarge(`the ${entry.kind} file`, oversized.data.length, maxMediaBytes);
  const refs: MediaRef[] = [];
  for (const media of output.media) {
    const stored = await store.put(media.data, media.contentType);
    refs.push({ kind: entry.kind, url: stored.url, contentType: stored.contentType });
  }
  return refs;
}
