/**
 * The `inputs` of a workflow run (API.md §7, 400 INVALID_INPUTS): written by hand rather than through the
 * JSON Schema so each message names the field and says what it expected.
 */
import type { Field, ValidationDetail } from '../workflow.types';
import { detail, describeType, isPlainObject, propertyPath } from './validation-detail';
import { fieldValueProblem } from './field-value';
import type { MediaInputPolicy } from './media-url';

export type RunInputsCheck = { inputs: Record<string, unknown> } | { details: ValidationDetail[] };

/**
 * `body` is the whole run body (`{ inputs: {...} }`). Pass `[]` for a workflow without a request-input:
 * then only `{}` is valid. `media` is the server's rule for media URLs (https only when omitted). On success
 * `inputs` holds every given value plus the defaults of omitted fields.
 */
export function validateRunInputs(fields: Field[], body: unknown, media?: MediaInputPolicy): RunInputsCheck {
  const given = isPlainObject(body) ? body.inputs : undefined;
  if (given === undefined) return { details: [detail('inputs', 'is required')] };
  if (!isPlainObject(given))
    return { details: [detail('inputs', `must be an object, got ${describeType(given)}`)] };

  const byName = new Map(fields.map((field) => [field.name, field]));
  const details: ValidationDetail[] = [];
  for (const key of Object.keys(given)) {
    if (!byName.has(key)) details.push(detail(propertyPath('inputs', key), unknownInputMessage(fields)));
  }
  const inputs: Record<string, unknown> = {};
  for (const field of fields) {
    const path = propertyPath('inputs', field.name);
    const value = given[field.name];
    if (value === undefined) {
      if (field.required === true) details.push(detail(path, 'is required'));
      else if (field.default !== undefined) inputs[field.name] = field.default;
      continue;
    }
    const problem = fieldValueProblem(field, value, media);
    if (problem) details.push(detail(path, problem));
    else inputs[field.name] = value;
  }
  return details.length > 0 ? { details } : { inputs };
}

function unknownInputMessage(fields: Field[]): string {
  return fields.length === 0
    ? 'is not an input of this workflow, which takes none'
    : `is not an input of this workflow; its inputs: ${fields.map((field) => field.name).join(', ')}`;
}
