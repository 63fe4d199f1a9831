import type { WorkflowGraph } from '../workflow.types';

/**
 * `derive`, remembered per graph: a cached workflow's graph keeps the same nodes and edges arrays run after run (a
 * replaced workflow gets new ones), so what depends on the graph alone is worked out once. Forgotten with the graph.
 */
export function perGraph<T>(derive: (graph: WorkflowGraph) => T): (graph: WorkflowGraph) => T {
  const known = new WeakMap<WorkflowGraph['nodes'], { edges: WorkflowGraph['edges']; value: T }>();
  return (graph) => {
    const entry = known.get(graph.nodes);
    if (entry && entry.edges === graph.edges) return entry.value;
    const value = derive(graph);
    known.set(graph.nodes, { edges: graph.edges, value });
    return value;
  };
}
