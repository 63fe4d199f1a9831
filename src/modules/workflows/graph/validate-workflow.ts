/**
 * "Validation on create/update" of API.md §5: every problem of a workflow's nodes and edges, one detail each
 * (the caller answers 400 INVALID_WORKFLOW with them). Pure: the registry comes in as `lookupModel`.
 */
import type { ValidationDetail, WorkflowGraph } from '../workflow.types';
import { detail, describeType, isPlainObject } from './validation-detail';
import type { LookupModel } from './node-handles';
import type { MediaInputPolicy } from './media-url';
import { findCycle } from './graph-order';
import { validateNodes, type IndexedNode } from './validate-nodes';
import { validateEdges } from './validate-edges';
import { validateConnections } from './validate-connections';
import { wiredDefaultDetails } from './wired-params';

export const MAX_NODES = 200;

export { nodesReachingOutput, topologicalOrder } from './graph-order';

/**
 * `doc` is any parsed body; only its `nodes` and `edges` are read. An empty list means the graph is valid.
 * `media` is the server's rule for media URLs (field defaults); https only when omitted.
 */
export function validateWorkflowGraph(
  doc: unknown,
  lookupModel: LookupModel,
  media?: MediaInputPolicy,
): ValidationDetail[] {
  const { nodes, edges } = isPlainObject(doc) ? doc : { nodes: undefined, edges: undefined };
  const details: ValidationDetail[] = [];
  if (!Array.isArray(nodes)) details.push(detail('nodes', `must be an array, got ${describeType(nodes)}`));
  if (!Array.isArray(edges)) details.push(detail('edges', `must be an array, got ${describeType(edges)}`));
  if (!Array.isArray(nodes) || !Array.isArray(edges)) return details;
  // Checked first and alone: a huge document is refused without walking it.
  if (nodes.length > MAX_NODES) {
    return [detail('nodes', `must have at most ${MAX_NODES} nodes, got ${nodes.length}`)];
  }

  const nodeCheck = validateNodes(nodes, lookupModel, media);
  details.push(...nodeCheck.details, ...validateNodeCounts(nodes), ...validateOutputNames(nodeCheck.byId));
  const edgeCheck = validateEdges(edges, nodeCheck.byId, nodeCheck.declaredIds, lookupModel);
  details.push(...edgeCheck.details);

  const cycle = findCycle(
    [...nodeCheck.declaredIds],
    edgeCheck.linking.map(({ edge }) => edge),
  );
  if (cycle) {
    const first = nodes.findIndex((node) => isPlainObject(node) && node.id === cycle[0]);
    details.push(detail(`nodes[${first}]`, `is on a cycle: ${cycle.map((id) => `"${id}"`).join(' -> ')}`));
  }
  details.push(...validateConnections(nodeCheck.byId, edgeCheck.linking, lookupModel));
  // Needs a sound graph: a default is judged against the param its field is wired into.
  if (details.length === 0)
    details.push(...wiredDefaultDetails(doc as unknown as WorkflowGraph, lookupModel));
  return details;
}

/** Counted on the declared `type` of every node, well-formed or not, so one bad node does not hide the rule. */
function validateNodeCounts(nodes: unknown[]): ValidationDetail[] {
  const indexesOf = (type: string) =>
    nodes.flatMap((node, index) => (isPlainObject(node) && node.type === type ? [index] : []));
  const inputs = indexesOf('request-input');
  const details = inputs
    .slice(1)
    .map((index) =>
      detail(
        `nodes[${index}].type`,
        `a workflow may have only one request-input node (nodes[${inputs[0]}] is one)`,
      ),
    );
  if (indexesOf('response-output').length === 0) {
    details.push(detail('nodes', 'must contain at least one response-output node'));
  }
  return details;
}

/** With several outputs the run's result is keyed by `name`, so each needs one of its own. */
function validateOutputNames(nodesById: Map<string, IndexedNode>): ValidationDetail[] {
  const outputs = [...nodesById.values()].filter(({ node }) => node.type === 'response-output');
  if (outputs.length < 2) return [];
  const details: ValidationDetail[] = [];
  const firstIndexOfName = new Map<string, number>();
  for (const { node, index } of outputs) {
    const name = node.data.name;
    const path = `nodes[${index}].data.name`;
    if (typeof name !== 'string' || name === '') {
      if (name === undefined || name === '') {
        details.push(detail(path, 'is required when a workflow has several response-output nodes'));
      }
      continue;
    }
    const earlier = firstIndexOfName.get(name);
    if (earlier !== undefined)
      details.push(detail(path, `duplicate output name "${name}" (also nodes[${earlier}])`));
    else firstIndexOfName.set(name, index);
  }
  return details;
}
