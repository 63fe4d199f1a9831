/** Edge lookups the runner needs per node: which edges feed it and which nodes it waits for. */
import type { WorkflowEdge, WorkflowGraph } from '../workflows/workflow.types';
import type { NodeOutputs } from './engine.types';

export function incomingEdges(graph: WorkflowGraph): Map<string, WorkflowEdge[]> {
  const incoming = new Map<string, WorkflowEdge[]>(graph.nodes.map((node) => [node.id, []]));
  for (const edge of graph.edges) incoming.get(edge.target)?.push(edge);
  return incoming;
}

export function upstreamIds(edges: WorkflowEdge[]): string[] {
  return [...new Set(edges.map((edge) => edge.source))];
}

/** A node's inputs: each connected target handle gets the value its source node produced on `sourceHandle`. */
export function collectInputs(
  edges: WorkflowEdge[],
  produced: ReadonlyMap<string, NodeOutputs>,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const edge of edges) inputs[edge.targetHandle] = produced.get(edge.source)?.[edge.sourceHandle];
  return inputs;
}
