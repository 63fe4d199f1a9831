/** The `ops` list of an image-transform node (API.md §5): known ops, known arguments, sane numbers. */
import type { ValidationDetail } from '../workflow.types';
import { detail, describeType, hasOwn, isPlainObject, propertyPath, quoteList } from './validation-detail';
import { integerIn, numberIn, oneOf, type ValueRule } from './value-rules';

/** Largest width/height/offset accepted; WebP cannot encode beyond 16383, and bigger is never a thumbnail job. */
export const MAX_IMAGE_DIMENSION = 16384;
export const IMAGE_FITS = ['cover', 'contain', 'fill', 'inside', 'outside'] as const;
export const IMAGE_FORMATS = ['png', 'jpeg', 'webp', 'avif'] as const;

interface ArgumentRule {
  rule: ValueRule;
  required: boolean;
}

const size = integerIn(1, MAX_IMAGE_DIMENSION);
const offset = integerIn(0, MAX_IMAGE_DIMENSION);
const required = (rule: ValueRule): ArgumentRule => ({ rule, required: true });
const optional = (rule: ValueRule): ArgumentRule => ({ rule, required: false });

/** Each op and its arguments. Sigma bounds are the blur's own (below 0.3 is a no-op, above 1000 is refused). */
export const IMAGE_OPS: Record<string, Record<string, ArgumentRule>> = {
  resize: { width: optional(size), height: optional(size), fit: optional(oneOf(IMAGE_FITS)) },
  crop: { left: required(offset), top: required(offset), width: required(size), height: required(size) },
  rotate: { angle: required(numberIn(-360, 360)) },
  grayscale: {},
  blur: { sigma: optional(numberIn(0.3, 1000)) },
  format: { format: required(oneOf(IMAGE_FORMATS)), quality: optional(integerIn(1, 100)) },
};

export function validateImageTransformData(data: Record<string, unknown>, path: string): ValidationDetail[] {
  const opsPath = `${path}.ops`;
  if (data.ops === undefined) return []; // no ops: the image passes through unchanged
  if (!Array.isArray(data.ops))
    return [detail(opsPath, `must be an array of ops, got ${describeType(data.ops)}`)];
  return data.ops.flatMap((op: unknown, index) => validateImageOp(op, `${opsPath}[${index}]`));
}

function validateImageOp(op: unknown, path: string): ValidationDetail[] {
  if (!isPlainObject(op)) return [detail(path, `must be an object, got ${describeType(op)}`)];
  const argumentRules = typeof op.op === 'string' && hasOwn(IMAGE_OPS, op.op) ? IMAGE_OPS[op.op] : undefined;
  if (!argumentRules) {
    return [detail(`${path}.op`, `must be one of ${quoteList(Object.keys(IMAGE_OPS))}`)];
  }
  const details: ValidationDetail[] = [];
  for (const key of Object.keys(op)) {
    if (key !== 'op' && !hasOwn(argumentRules, key)) {
      details.push(detail(propertyPath(path, key), `unknown argument of "${op.op}"`));
    }
  }
  for (const [name, { rule, required: isRequired }] of Object.entries(argumentRules)) {
    if (op[name] === undefined) {
      if (isRequired) details.push(detail(`${path}.${name}`, `is required by "${op.op}"`));
    } else {
      const problem = rule(op[name]);
      if (problem) details.push(detail(`${path}.${name}`, problem));
    }
  }
  if (op.op === 'resize' && op.width === undefined && op.height === undefined) {
    details.push(detail(path, 'resize needs a width, a height or both'));
  }
  return details;
}
