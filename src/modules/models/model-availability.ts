/**
 * Whether a registry entry can run on this server: its provider's adapter is configured (credentials, base URL)
 * and, for async runs, can be polled. The providers module answers this; the registry only asks.
 */
import { DomainError } from '../../common/errors/domain-error';
import type { WorkflowGraph } from '../workflows/workflow.types';
import type { ModelEntry } from './model.types';

export interface ModelAvailability {
  /** The setting the entry's provider still needs (e.g. `OPENAI_API_KEY`); undefined when it can run. */
  missingSetting(entry: ModelEntry): string | undefined;
  /** Whether the provider can be submitted to and polled later (async runs). */
  canPoll(providerId: string): boolean;
}

/** Every entry runs: for registries without real providers (unit tests). */
export const ALWAYS_AVAILABLE: ModelAvailability = {
  missingSetting: () => undefined,
  canPoll: () => true,
};

/**
 * A run naming a model whose provider is not configured fails before anything is reserved: 400
 * INVALID_WORKFLOW (the closest code of the catalogue: the run cannot be carried out as written on this server),
 * naming the model and the missing setting.
 */
export function assertModelsConfigured(
  graph: Pick<WorkflowGraph, 'nodes'>,
  missingSetting: (modelId: string) => string | undefined,
): void {
  const details: Array<{ path: string; message: string; model: string; missingSetting: string }> = [];
  graph.nodes.forEach((node, index) => {
    if (node.type !== 'model') return;
    const model = String(node.data.model);
    const missing = missingSetting(model);
    if (missing)
      details.push({
        path: `nodes[${index}].data.model`,
        message: `model "${model}" is unavailable: ${missing} is not set on this server`,
        model,
        missingSetting: missing,
      });
  });
  if (details.length === 0) return;
  const first = details[0];
  throw new DomainError(
    'INVALID_WORKFLOW',
    `The model ${first.model} is unavailable on this server: ${first.missingSetting} is not set.`,
    { model: first.model, missingSetting: first.missingSetting, details },
  );
}
