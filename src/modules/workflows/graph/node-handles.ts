/**
 * Input and output handles of each node type (API.md §5, the node table). Edges connect an output handle of
 * one node to an input handle of another; validation and the engine both read handles from here.
 */
import type { ModelEntry } from '../../models/model.types';
import { isRequiredInput } from '../../models/model-params';
import type { WorkflowNode } from '../workflow.types';
import { isPlainObject, propertyPath } from './validation-detail';
import { extractPlaceholders } from './placeholders';

export type LookupModel = (id: string) => ModelEntry | undefined;

/** A text that may hold placeholders, and where it sits under the node's `data` (e.g. `headers.Authorization`). */
export interface PlaceholderSource {
  at: string;
  text: string;
}

/** Where a template or http-request node keeps placeholders; an object body counts by its JSON text. */
export function placeholderSources(node: WorkflowNode): PlaceholderSource[] {
  const data = isPlainObject(node.data) ? node.data : {};
  const sources: PlaceholderSource[] = [];
  const add = (at: string, text: unknown) => {
    if (typeof text === 'string') sources.push({ at, text });
  };
  if (node.type === 'template') add('template', data.template);
  if (node.type !== 'http-request') return sources;
  add('url', data.url);
  if (isPlainObject(data.headers)) {
    for (const [name, value] of Object.entries(data.headers)) add(propertyPath('headers', name), value);
  }
  if (data.body !== undefined && data.body !== null) {
    add('body', typeof data.body === 'string' ? data.body : JSON.stringify(data.body));
  }
  return sources;
}

function modelOf(node: WorkflowNode, lookupModel: LookupModel): ModelEntry | undefined {
  return typeof node.data?.model === 'string' ? lookupModel(node.data.model) : undefined;
}

export function inputHandles(node: WorkflowNode, lookupModel: LookupModel): string[] {
  switch (node.type) {
    case 'model': {
      const entry = modelOf(node, lookupModel);
      return entry
        ? [...entry.inputs.map((spec) => spec.name), ...entry.params.map((spec) => spec.name)]
        : [];
    }
    case 'template':
    case 'http-request':
      return [...new Set(placeholderSources(node).flatMap((source) => extractPlaceholders(source.text)))];
    case 'image-transform':
      return ['image'];
    case 'response-output':
      return ['value'];
    default:
      return [];
  }
}

/**
 * Handles that must have an edge. Placeholders are required because nothing else can fill them; model params
 * are not (they come from `data.params` or the registry default) unless the registry marks one required with
 * no default and `data.params` leaves it out.
 */
export function requiredInputHandles(node: WorkflowNode, lookupModel: LookupModel): string[] {
  if (node.type !== 'model') return inputHandles(node, lookupModel);
  const entry = modelOf(node, lookupModel);
  if (!entry) return [];
  const staticParams = isPlainObject(node.data.params) ? node.data.params : {};
  const requiredParams = entry.params.filter(
    (spec) => spec.required === true && spec.default === undefined && staticParams[spec.name] === undefined,
  );
  return [...entry.inputs.filter(isRequiredInput), ...requiredParams].map((spec) => spec.name);
}

export function outputHandles(node: WorkflowNode): string[] {
  switch (node.type) {
    case 'request-input': {
      const fields = Array.isArray(node.data?.fields) ? node.data.fields : [];
      return fields.flatMap((field: unknown) =>
        isPlainObject(field) && typeof field.name === 'string' ? [field.name] : [],
      );
    }
    case 'model':
      return ['out'];
    case 'template':
      return ['text'];
    case 'image-transform':
      return ['image'];
    case 'http-request':
      return ['response'];
    default:
      return [];
  }
}
