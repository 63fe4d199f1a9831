/** Per-node checks of a workflow document: shape, unique ids, known types, then the type's own `data` rules. */
import { NODE_TYPES, type NodeType, type ValidationDetail, type WorkflowNode } from '../workflow.types';
import { detail, describeType, isPlainObject } from './validation-detail';
import type { LookupModel } from './node-handles';
import type { MediaInputPolicy } from './media-url';
import { isNonEmptyString, oneOf } from './value-rules';
import { validateNodeData } from './validate-node-data';

/** A node sound enough for edge and graph checks, with its place in the document for paths. */
export interface IndexedNode {
  node: WorkflowNode;
  index: number;
}

export interface NodesCheck {
  details: ValidationDetail[];
  /** Well-formed nodes by id (the first one wins when ids repeat). */
  byId: Map<string, IndexedNode>;
  /** Every id a node declares, well-formed or not: an edge to one of these is not to an "unknown node". */
  declaredIds: Set<string>;
}

export function validateNodes(
  nodes: unknown[],
  lookupModel: LookupModel,
  media?: MediaInputPolicy,
): NodesCheck {
  const details: ValidationDetail[] = [];
  const byId = new Map<string, IndexedNode>();
  const firstIndexOfId = new Map<string, number>();
  nodes.forEach((node, index) => {
    const path = `nodes[${index}]`;
    if (!isPlainObject(node)) {
      details.push(detail(path, `must be an object, got ${describeType(node)}`));
      return;
    }
    const shape = validateNodeShape(node, path);
    details.push(...shape);
    if (node.position !== undefined && !isPosition(node.position)) {
      details.push(detail(`${path}.position`, 'must be an object with finite numbers x and y'));
    }
    const id = node.id as string;
    const earlier = firstIndexOfId.get(id);
    if (typeof node.id === 'string' && earlier !== undefined) {
      details.push(detail(`${path}.id`, `duplicate node id "${id}" (also nodes[${earlier}])`));
      return;
    }
    if (typeof node.id === 'string') firstIndexOfId.set(id, index);
    if (shape.length > 0) return;
    const data = node.data as Record<string, unknown>;
    details.push(...validateNodeData(node.type as NodeType, data, `${path}.data`, lookupModel, media));
    byId.set(id, { node: node as unknown as WorkflowNode, index });
  });
  return { details, byId, declaredIds: new Set(firstIndexOfId.keys()) };
}

/** Id, type and data: a node failing any of these is left out of the checks that read its data. */
function validateNodeShape(node: Record<string, unknown>, path: string): ValidationDetail[] {
  const details: ValidationDetail[] = [];
  const idProblem = isNonEmptyString(node.id);
  if (idProblem) details.push(detail(`${path}.id`, idProblem));
  const typeProblem = oneOf(NODE_TYPES)(node.type);
  if (typeProblem) details.push(detail(`${path}.type`, typeProblem));
  if (!isPlainObject(node.data)) {
    details.push(detail(`${path}.data`, `must be an object, got ${describeType(node.data)}`));
  }
  return details;
}

function isPosition(value: unknown): boolean {
  return isPlainObject(value) && Number.isFinite(value.x) && Number.isFinite(value.y);
}
