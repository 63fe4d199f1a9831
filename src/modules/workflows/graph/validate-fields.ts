/** The `fields` of a request-input node (API.md §5 "Field"): names, types, limits and defaults. */
import { FIELD_TYPES, type Field, type ValidationDetail } from '../workflow.types';
import { detail, describeType, isPlainObject } from './validation-detail';
import { fieldValueProblem } from './field-value';
import type { MediaInputPolicy } from './media-url';
import { isBoolean, isFiniteNumber, isPositiveInteger, isString, oneOf, type ValueRule } from './value-rules';

export const FIELD_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Optional attributes of a field and the rule each must satisfy when present. */
const OPTIONAL_ATTRIBUTES: Record<string, ValueRule> = {
  label: isString,
  description: isString,
  required: isBoolean,
  min: isFiniteNumber,
  max: isFiniteNumber,
  step: (value) => isFiniteNumber(value) ?? ((value as number) <= 0 ? 'must be greater than 0' : undefined),
  maxLength: isPositiveInteger,
};

export function validateRequestInputData(
  data: Record<string, unknown>,
  path: string,
  media?: MediaInputPolicy,
): ValidationDetail[] {
  const fieldsPath = `${path}.fields`;
  if (!Array.isArray(data.fields)) {
    return [detail(fieldsPath, `must be an array of fields, got ${describeType(data.fields)}`)];
  }
  const details: ValidationDetail[] = [];
  const firstIndexOfName = new Map<string, number>();
  data.fields.forEach((field: unknown, index) => {
    const fieldPath = `${fieldsPath}[${index}]`;
    if (!isPlainObject(field)) {
      details.push(detail(fieldPath, `must be an object, got ${describeType(field)}`));
      return;
    }
    if (typeof field.name === 'string' && FIELD_NAME_PATTERN.test(field.name)) {
      const earlier = firstIndexOfName.get(field.name);
      if (earlier !== undefined) {
        details.push(
          detail(
            `${fieldPath}.name`,
            `duplicate field name "${field.name}" (also ${fieldsPath}[${earlier}])`,
          ),
        );
      } else firstIndexOfName.set(field.name, index);
    } else {
      details.push(detail(`${fieldPath}.name`, `must be a string matching ${FIELD_NAME_PATTERN.source}`));
    }
    details.push(...validateFieldDefinition(field, fieldPath, media));
  });
  return details;
}

/** Everything about one field but its name; `default` is checked only once the rest of the field is sound. */
function validateFieldDefinition(
  field: Record<string, unknown>,
  path: string,
  media?: MediaInputPolicy,
): ValidationDetail[] {
  const details: ValidationDetail[] = [];
  const typeProblem = oneOf(FIELD_TYPES)(field.type);
  if (typeProblem) details.push(detail(`${path}.type`, typeProblem));
  for (const [attribute, rule] of Object.entries(OPTIONAL_ATTRIBUTES)) {
    const problem = field[attribute] === undefined ? undefined : rule(field[attribute]);
    if (problem) details.push(detail(`${path}.${attribute}`, problem));
  }
  if (typeof field.min === 'number' && typeof field.max === 'number' && field.min > field.max) {
    details.push(detail(`${path}.max`, `must not be less than min (${field.min})`));
  }
  if (field.type === 'pills') details.push(...validatePillOptions(field.options, `${path}.options`));
  if (details.length === 0 && field.default !== undefined) {
    const problem = fieldValueProblem(field as unknown as Field, field.default, media);
    if (problem) details.push(detail(`${path}.default`, problem));
  }
  return details;
}

function validatePillOptions(options: unknown, path: string): ValidationDetail[] {
  if (!Array.isArray(options) || options.length === 0) {
    return [detail(path, 'must be a non-empty array of strings or numbers for a pills field')];
  }
  return options.flatMap((option: unknown, index) =>
    typeof option === 'string' || (typeof option === 'number' && Number.isFinite(option))
      ? []
      : [detail(`${path}[${index}]`, `must be a string or a number, got ${describeType(option)}`)],
  );
}
