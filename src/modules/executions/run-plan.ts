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
