import { nodesReachingOutput, topologicalOrder } from '../workflows/graph/graph-order';
import { perGraph } from '../workflows/graph/per-graph';
import type { WorkflowEdge, WorkflowGraph, WorkflowNode } from '../workflows/workflow.types';
import { incomingEdges, upstreamIds } from './graph-links';

/** What the runner derives from a graph before running it: the same for every run of that graph. */
export interface GraphShape {
  /** Nodes with a path to a response-output (the others are skipped). */
  willRun: Set<string>;
  incoming: Map<string, WorkflowEdge[]>;
  /** Nodes that will run, upstream first, each with the nodes it waits for. */
  schedule: Array<{ node: WorkflowNode; upstream: string[] }>;
  outputNodes: WorkflowNode[];
}

/** What the runner derives from a graph, once per graph (see perGraph). */
export const graphShapeOf = perGraph((graph: WorkflowGraph): GraphShape => {
  const willRun = nodesReachingOutput(graph);
  const incoming = incomingEdges(graph);
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  return {
    willRun,
    incoming,
    schedule: topologicalOrder(graph)
      .filter((id) => willRun.has(id))
      .map((id) => ({ node: byId.get(id)!, upstream: upstreamIds(incoming.get(id) ?? []) })),
    outputNodes: graph.nodes.filter((node) => node.type === 'response-output'),
  };
});
