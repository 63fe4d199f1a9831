import type { ModelEntry } from '../../models/model.types';
import type { Field, WorkflowGraph } from '../../workflows/workflow.types';

/**
 * A direct model run is a one-model workflow: Request Input (one field per given input) → model → output.
 * Building it as a graph lets a model run take exactly the path of a workflow run (billing, steps, result).
 */
export function modelRunGraph(
  entry: ModelEntry,
  inputs: Record<string, unknown>,
  params: Record<string, unknown>,
): WorkflowGraph {
  const given = entry.inputs.filter((spec) => inputs[spec.name] !== undefined);
  const fields: Field[] = given.map((spec) => ({ name: spec.name, type: spec.type }));
  return {
    nodes: [
      { id: 'input', type: 'request-input', data: { fields } },
      { id: 'model', type: 'model', data: { model: entry.id, params } },
      { id: 'output', type: 'response-output', data: { type: entry.kind, name: 'output' } },
    ],
    edges: [
      ...given.map((spec) => ({
        id: `in-${spec.name}`,
        source: 'input',
        sourceHandle: spec.name,
        target: 'model',
        targetHandle: spec.name,
      })),
      { id: 'out', source: 'model', sourceHandle: 'out', target: 'output', targetHandle: 'value' },
    ],
  };
}
