/** Edge checks: shape, unique ids, existing end nodes and handles, at most one edge into each input handle. */
import type { ValidationDetail, WorkflowEdge, WorkflowNode } from '../workflow.types';
import { detail, describeType, isPlainObject } from './validation-detail';
import { inputHandles, outputHandles, type LookupModel } from './node-handles';
import { isNonEmptyString, isString } from './value-rules';
import type { IndexedNode } from './validate-nodes';

export interface IndexedEdge {
  edge: WorkflowEdge;
  index: number;
}

export interface EdgesCheck {
  details: ValidationDetail[];
  /**
   * Every edge with string ends, whatever they point at: the cycle check ignores ends that are not nodes, and
   * the connection check counts an edge as filling its target handle even when its source is wrong (that
   * mistake is already reported; "not connected" on top would only repeat it).
   */
  linking: IndexedEdge[];
}

const ENDPOINTS = ['source', 'sourceHandle', 'target', 'targetHandle'] as const;

export function validateEdges(
  edges: unknown[],
  nodesById: Map<string, IndexedNode>,
  declaredIds: Set<string>,
  lookupModel: LookupModel,
): EdgesCheck {
  const details: ValidationDetail[] = [];
  const linking: IndexedEdge[] = [];
  const firstIndexOfId = new Map<string, number>();
  const edgeIntoHandle = new Map<string, number>();
  edges.forEach((raw, index) => {
    const path = `edges[${index}]`;
    if (!isPlainObject(raw)) {
      details.push(detail(path, `must be an object, got ${describeType(raw)}`));
      return;
    }
    details.push(...validateEdgeId(raw.id, path, firstIndexOfId, index));
    const endProblems = validateEdgeEnds(raw, path);
    details.push(...endProblems);
    if (endProblems.length > 0) return;
    const edge = raw as unknown as WorkflowEdge;
    linking.push({ edge, index });
    if (!declaredIds.has(edge.source))
      details.push(detail(`${path}.source`, `unknown node "${edge.source}"`));
    if (!declaredIds.has(edge.target))
      details.push(detail(`${path}.target`, `unknown node "${edge.target}"`));
    const source = nodesById.get(edge.source);
    const target = nodesById.get(edge.target);
    if (source && target) details.push(...validateHandles(edge, path, source.node, target.node, lookupModel));
    const handleKey = JSON.stringify([edge.target, edge.targetHandle]);
    const earlier = edgeIntoHandle.get(handleKey);
    if (earlier !== undefined) {
      details.push(
        detail(
          `${path}.targetHandle`,
          `input "${edge.targetHandle}" of node "${edge.target}" already has an edge (edges[${earlier}])`,
        ),
      );
    } else edgeIntoHandle.set(handleKey, index);
  });
  return { details, linking };
}

function validateEdgeId(
  id: unknown,
  path: string,
  firstIndexOfId: Map<string, number>,
  index: number,
): ValidationDetail[] {
  const problem = isNonEmptyString(id);
  if (problem) return [detail(`${path}.id`, problem)];
  const earlier = firstIndexOfId.get(id as string);
  if (earlier === undefined) {
    firstIndexOfId.set(id as string, index);
    return [];
  }
  return [detail(`${path}.id`, `duplicate edge id "${id}" (also edges[${earlier}])`)];
}

function validateEdgeEnds(edge: Record<string, unknown>, path: string): ValidationDetail[] {
  return ENDPOINTS.flatMap((key) => {
    const problem = isString(edge[key]);
    return problem ? [detail(`${path}.${key}`, problem)] : [];
  });
}

function validateHandles(
  edge: WorkflowEdge,
  path: string,
  source: WorkflowNode,
  target: WorkflowNode,
  lookupModel: LookupModel,
): ValidationDetail[] {
  const details: ValidationDetail[] = [];
  const outputs = outputHandles(source);
  if (handlesAreKnown(source, lookupModel) && !outputs.includes(edge.sourceHandle)) {
    details.push(detail(`${path}.sourceHandle`, handleMessage('output', edge.sourceHandle, source, outputs)));
  }
  const inputs = inputHandles(target, lookupModel);
  if (handlesAreKnown(target, lookupModel) && !inputs.includes(edge.targetHandle)) {
    details.push(detail(`${path}.targetHandle`, handleMessage('input', edge.targetHandle, target, inputs)));
  }
  return details;
}

/**
 * False when the handles hang on `data` that already failed validation (an unknown model, a template that is
 * not a string, fields that are not a list): that error is reported once, not again on every edge.
 */
function handlesAreKnown(node: WorkflowNode, lookupModel: LookupModel): boolean {
  if (node.type === 'request-input') return Array.isArray(node.data.fields);
  if (node.type === 'model')
    return typeof node.data.model === 'string' && lookupModel(node.data.model) !== undefined;
  if (node.type === 'template') return typeof node.data.template === 'string';
  return true;
}

function handleMessage(
  kind: 'input' | 'output',
  handle: string,
  node: WorkflowNode,
  known: string[],
): string {
  const list = known.length ? known.map((name) => `"${name}"`).join(', ') : 'none';
  return `node "${node.id}" (${node.type}) has no ${kind} handle "${handle}"; its ${kind}s: ${list}`;
}
