/**
 * Values for a registry entry's `params` and `inputs` (API.md §6): used for a workflow `model` node's
 * `data.params` (INVALID_WORKFLOW) and for the body of a direct model run (INVALID_INPUTS).
 */
import type { ModelEntry, ModelInputSpec, ModelParamSpec } from './model.types';
import type { ValidationDetail } from '../workflows/workflow.types';
import {
  describeType,
  detail,
  isPlainObject,
  propertyPath,
  quoteList,
} from '../workflows/graph/validation-detail';
import { isMediaReference, mediaReferenceMessage, type MediaInputPolicy } from '../workflows/graph/media-url';

/** Why `value` is not acceptable for `spec`, or undefined when it is. Also usable on values arriving over an edge. */
export function paramValueProblem(spec: ModelParamSpec, value: unknown): string | undefined {
  const typeProblem = paramTypeProblem(spec, value);
  if (typeProblem) return typeProblem;
  if (spec.options && !spec.options.includes(value as string | number)) {
    return `must be one of ${quoteList(spec.options)}`;
  }
  if (typeof value === 'number') return rangeProblem(value, spec.min, spec.max);
  return undefined;
}

function paramTypeProblem(spec: ModelParamSpec, value: unknown): string | undefined {
  const got = `, got ${describeType(value)}`;
  switch (spec.type) {
    case 'integer':
      return Number.isInteger(value) ? undefined : `must be an integer${got}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `must be a finite number${got}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be a boolean${got}`;
    case 'string':
      return typeof value === 'string' ? undefined : `must be a string${got}`;
  }
}

export function rangeProblem(value: number, min?: number, max?: number): string | undefined {
  if (min !== undefined && max !== undefined && (value < min || value > max)) {
    return `must be between ${min} and ${max}, got ${value}`;
  }
  if (min !== undefined && value < min) return `must be at least ${min}, got ${value}`;
  if (max !== undefined && value > max) return `must be at most ${max}, got ${value}`;
  return undefined;
}

/** Unknown keys, wrong types, values outside `options` or `[min, max]`. Missing params are not checked here. */
export function validateModelParams(
  entry: ModelEntry,
  params: unknown,
  pathPrefix: string,
): ValidationDetail[] {
  if (!isPlainObject(params)) return [detail(pathPrefix, `must be an object, got ${describeType(params)}`)];
  const specs = new Map(entry.params.map((spec) => [spec.name, spec]));
  const details: ValidationDetail[] = [];
  for (const [key, value] of Object.entries(params)) {
    const path = propertyPath(pathPrefix, key);
    const spec = specs.get(key);
    if (!spec) {
      details.push(detail(path, unknownKeyMessage('param', entry, entry.params)));
      continue;
    }
    const problem = paramValueProblem(spec, value);
    if (problem) details.push(detail(path, problem));
  }
  return details;
}

/** Params marked `required` that have no default and are absent from `params` (a direct run's check). */
export function missingRequiredParams(entry: ModelEntry, params: Record<string, unknown>): string[] {
  return entry.params
    .filter((spec) => spec.required === true && spec.default === undefined && params[spec.name] === undefined)
    .map((spec) => spec.name);
}

export function validateRequiredParams(
  entry: ModelEntry,
  params: Record<string, unknown>,
  pathPrefix: string,
): ValidationDetail[] {
  return missingRequiredParams(entry, params).map((name) =>
    detail(propertyPath(pathPrefix, name), 'is required'),
  );
}

/** `params` with every absent param that has a registry default filled in. Does not validate. */
export function applyParamDefaults(
  entry: ModelEntry,
  params: Record<string, unknown>,
): Record<string, unknown> {
  const withDefaults: Record<string, unknown> = { ...params };
  for (const spec of entry.params) {
    if (withDefaults[spec.name] === undefined && spec.default !== undefined) {
      withDefaults[spec.name] = spec.default;
    }
  }
  return withDefaults;
}

/**
 * The final params of one model call (static, wired and computed values, defaults applied) against their specs:
 * the last check before a provider sees them, whatever node computed a value.
 */
export function callParamProblems(entry: ModelEntry, params: Record<string, unknown>): string[] {
  return entry.params.flatMap((spec) => {
    const value = params[spec.name];
    const problem = value === undefined ? undefined : paramValueProblem(spec, value);
    return problem ? [`param "${spec.name}" ${problem}`] : [];
  });
}

/** Model inputs are required unless marked `required: false`. */
export function isRequiredInput(spec: ModelInputSpec): boolean {
  return spec.required !== false;
}

export function inputValueProblem(
  spec: ModelInputSpec,
  value: unknown,
  media?: MediaInputPolicy,
): string | undefined {
  switch (spec.type) {
    case 'text':
      return typeof value === 'string' ? undefined : `must be a string, got ${describeType(value)}`;
    case 'image':
    case 'video':
    case 'audio':
      return isMediaReference(spec.type, value, media) ? undefined : mediaReferenceMessage(spec.type, media);
    case 'json':
      return undefined;
  }
}

/**
 * The `inputs` of a direct model run: unknown keys, missing required inputs, values of the wrong type; media URLs
 * under `media` (the server's rule, https only when omitted).
 */
export function validateModelInputs(
  entry: ModelEntry,
  inputs: unknown,
  pathPrefix: string,
  media?: MediaInputPolicy,
): ValidationDetail[] {
  if (!isPlainObject(inputs)) return [detail(pathPrefix, `must be an object, got ${describeType(inputs)}`)];
  const specs = new Map(entry.inputs.map((spec) => [spec.name, spec]));
  const details: ValidationDetail[] = [];
  for (const [key, value] of Object.entries(inputs)) {
    const spec = specs.get(key);
    const path = propertyPath(pathPrefix, key);
    if (!spec) details.push(detail(path, unknownKeyMessage('input', entry, entry.inputs)));
    else if (value !== undefined) {
      const problem = inputValueProblem(spec, value, media);
      if (problem) details.push(detail(path, problem));
    }
  }
  for (const spec of entry.inputs) {
    if (isRequiredInput(spec) && inputs[spec.name] === undefined) {
      details.push(detail(propertyPath(pathPrefix, spec.name), 'is required'));
    }
  }
  return details;
}

function unknownKeyMessage(
  kind: 'param' | 'input',
  entry: ModelEntry,
  specs: Array<{ name: string }>,
): string {
  const known = specs.length ? `; known ${kind}s: ${specs.map((spec) => spec.name).join(', ')}` : '';
  return `unknown ${kind} for model "${entry.id}"${known}`;
}
