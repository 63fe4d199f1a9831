import type { NodeQuote } from '../billing/runs/run-quote';
import type { WorkflowGraph } from '../workflows/workflow.types';

/**
 * Everything needed to run (or resume) an execution, stored with it: the graph as it was when the run was
 * accepted (a later edit of the workflow does not change a run in flight), the validated inputs, and how
 * each model node is paid for.
 */
export interface RunPlan {
  graph: WorkflowGraph;
  inputs: Record<string, unknown>;
  quote: NodeQuote[];
}

/** The JSON of graphs already written: a cached workflow's graph is the same object run after run. */
const graphJson = new WeakMap<WorkflowGraph['nodes'], { edges: WorkflowGraph['edges']; json: string }>();

/** The plan as stored (JSON.stringify's output), serialising each graph once rather than with every run. */
export function planJson(plan: RunPlan): string {
  const { graph } = plan;
  let known = graphJson.get(graph.nodes);
  if (!known || known.edges !== graph.edges) {
    known = { edges: graph.edges, json: JSON.stringify(graph) };
    graphJson.set(graph.nodes, known);
  }
  return `{"graph":${known.json},"inputs":${JSON.stringify(plan.inputs)},"quote":${JSON.stringify(plan.quote)}}`;
}
