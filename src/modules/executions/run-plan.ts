import type { NodeQuote } from '../billing/runs/run-quote';
import { perGraph } from '../workflows/graph/per-graph';
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

/** A graph's JSON, written once per graph (see perGraph). */
const graphJson = perGraph((graph) => JSON.stringify(graph));

/** The plan as stored (JSON.stringify's output), serialising each graph once rather than with every run. */
export function planJson(plan: RunPlan): string {
  return `{"graph":${graphJson(plan.graph)},"inputs":${JSON.stringify(plan.inputs)},"quote":${JSON.stringify(plan.quote)}}`;
}
