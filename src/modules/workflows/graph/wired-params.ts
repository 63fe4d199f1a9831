/**
 * Request Input fields wired straight into model params (API.md §7): the value a run gives such a field (or the
 * field's default) becomes the param, so it must satisfy the param's registry type and range — the same check
 * a param written in `data.params` gets — before it is priced or sent to a provider. Pure.
 */
import { paramValueProblem } from '../../models/model-params';
import type { ModelParamSpec } from '../../models/model.types';
import type { Field, ValidationDetail, WorkflowGraph } from '../workflow.types';
import { nodesReachingOutput } from './graph-order';
import type { LookupModel } from './node-handles';
import { detail, isPlainObject, propertyPath } from './validation-detail';

/** One edge from a Request Input field into a model node's param handle. */
export interface WiredParam {
  field: string;
  nodeId: string;
  spec: ModelParamSpec;
}

/** Every field → model param edge of the graph, in edge order. */
export function wiredParams(graph: WorkflowGraph, lookupModel: LookupModel): WiredParam[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const wired: WiredParam[] = [];
  for (const edge of graph.edges) {
    const target = byId.get(edge.target);
    if (byId.get(edge.source)?.type !== 'request-input' || target?.type !== 'model') continue;
    const entry = typeof target.data.model === 'string' ? lookupModel(target.data.model) : undefined;
    const spec = entry?.params.find((param) => param.name === edge.targetHandle);
    if (spec) wired.push({ field: edge.sourceHandle, nodeId: target.id, spec });
  }
  return wired;
}

/** Why `value` cannot feed the param, naming it: `feeds param "num_images" of node "gen": must be …`. */
export function wiredValueProblem(wiring: WiredParam, value: unknown): string | undefined {
  const problem = paramValueProblem(wiring.spec, value);
  return problem && `feeds param "${wiring.spec.name}" of node "${wiring.nodeId}": ${problem}`;
}

/**
 * A run's checked inputs (defaults applied) against the params they feed, one detail per refused wiring at
 * `inputs.<field>`. Only nodes that will run count; a field left out without a default feeds nothing.
 */
export function wiredInputDetails(
  graph: WorkflowGraph,
  lookupModel: LookupModel,
  inputs: Record<string, unknown>,
): ValidationDetail[] {
  const wirings = wiredParams(graph, lookupModel);
  if (wirings.length === 0) return []; // the common case, on every run: no graph walk
  const running = nodesReachingOutput(graph);
  const details: ValidationDetail[] = [];
  for (const wiring of wirings) {
    const value = inputs[wiring.field];
    if (value === undefined || !running.has(wiring.nodeId)) continue;
    const problem = wiredValueProblem(wiring, value);
    if (problem) details.push(detail(propertyPath('inputs', wiring.field), problem));
  }
  return details;
}

/** Save time: a field default that a wired param would refuse, at `nodes[i].data.fields[j].default`. */
export function wiredDefaultDetails(graph: WorkflowGraph, lookupModel: LookupModel): ValidationDetail[] {
  const inputIndex = graph.nodes.findIndex((node) => node.type === 'request-input');
  const fields = inputIndex === -1 ? [] : graph.nodes[inputIndex].data.fields;
  if (!Array.isArray(fields)) return [];
  const details: ValidationDetail[] = [];
  for (const wiring of wiredParams(graph, lookupModel)) {
    const index = fields.findIndex((field: unknown) => isPlainObject(field) && field.name === wiring.field);
    const field = fields[index] as Field | undefined;
    if (field?.default === undefined) continue;
    const problem = wiredValueProblem(wiring, field.default);
    if (problem) details.push(detail(`nodes[${inputIndex}].data.fields[${index}].default`, problem));
  }
  return details;
}
