import type { ModelEntry } from '../../models/model.types';
import type { WorkflowGraph } from '../../workflows/workflow.types';
import { nodesReachingOutput } from '../../workflows/graph/graph-order';
import { creditsFor, maxUnitsFor, unitsFor } from './pricing';

export interface NodeCharge {
  nodeId: string;
  model: string;
  entry: ModelEntry;
  units: number;
  credits: number;
  /** For `1k-tokens` pricing: credits per 1,000 tokens at the caller's tier, for settlement by usage. */
  perThousandTokens?: number;
}

/**
 * What each model node of a workflow will cost, before it runs. A param connected straight to a Request Input
 * field takes the run's value (or the field default); one computed by another node is unknown until run time,
 * so the most it could be is priced (the reservation is an upper bound; settlement charges what ran).
 */
export function workflowCharges(
  graph: WorkflowGraph,
  lookupModel: (id: string) => ModelEntry | undefined,
  tierMultiplier: number,
  inputs: Record<string, unknown> = {},
): NodeCharge[] {
  const reaching = nodesReachingOutput(graph);
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const charges: NodeCharge[] = [];
  for (const node of graph.nodes) {
    if (node.type !== 'model' || !reaching.has(node.id)) continue;
    const entry = lookupModel(String(node.data.model));
    if (!entry) continue;
    const params: Record<string, unknown> = { ...((node.data.params as Record<string, unknown>) ?? {}) };
    let computed = false;
    for (const edge of graph.edges) {
      if (edge.target !== node.id || !entry.params.some((param) => param.name === edge.targetHandle))
        continue;
      const source = byId.get(edge.source);
      if (source?.type === 'request-input') {
        const field = ((source.data.fields as Array<{ name: string; default?: unknown }>) ?? []).find(
          (f) => f.name === edge.sourceHandle,
        );
        params[edge.targetHandle] = inputs[edge.sourceHandle] ?? field?.default;
      } else {
        computed = true;
      }
    }
    const units = computed ? maxUnitsFor(entry) : unitsFor(entry, params);
    charges.push({
      nodeId: node.id,
      model: entry.id,
      entry,
      units,
      credits: creditsFor(entry, units, tierMultiplier),
      ...(entry.pricing.unit === '1k-tokens'
        ? { perThousandTokens: entry.pricing.credits * tierMultiplier }
        : {}),
    });
  }
  return charges;
}

export function totalCredits(charges: NodeCharge[]): number {
  return charges.reduce((sum, charge) => sum + charge.credits, 0);
}
