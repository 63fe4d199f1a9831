/** `request-input`: hands the run's inputs to the graph, one output handle per field (API.md §5). */
import type { MediaRef } from '../../media/media.types';
import type { Field } from '../../workflows/workflow.types';
import type { NodeContext, NodeHandler, NodeOutputs } from '../engine.types';

const MEDIA_FIELD_TYPES = new Set<string>(['image', 'video', 'audio']);

export class RequestInputHandler implements NodeHandler {
  readonly type = 'request-input' as const;
  readonly computeOnly = true;

  async run({ node, runInputs }: NodeContext): Promise<NodeOutputs> {
    const fields = Array.isArray(node.data.fields) ? (node.data.fields as Field[]) : [];
    const outputs: NodeOutputs = {};
    for (const field of fields) {
      // The caller has applied defaults already; the field default only covers a caller that did not.
      const value = runInputs[field.name] ?? field.default;
      outputs[field.name] = toFieldOutput(field, value);
    }
    return outputs;
  }
}

/** Media fields leave as MediaRefs so downstream nodes treat a typed URL and a produced file alike. */
function toFieldOutput(field: Field, value: unknown): unknown {
  if (!MEDIA_FIELD_TYPES.has(field.type) || typeof value !== 'string') return value;
  const ref: MediaRef = { kind: field.type as MediaRef['kind'], url: value };
  return ref;
}
