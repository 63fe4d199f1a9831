/** Reusable "why is this value wrong" rules for document validators; each returns undefined when the value is fine. */
import { rangeProblem } from '../../models/model-params';
import { describeType, quoteList } from './validation-detail';

export type ValueRule = (value: unknown) => string | undefined;

export const isString: ValueRule = (value) =>
  typeof value === 'string' ? undefined : `must be a string, got ${describeType(value)}`;

export const isNonEmptyString: ValueRule = (value) =>
  isString(value) ?? ((value as string).length === 0 ? 'must not be empty' : undefined);

export const isBoolean: ValueRule = (value) =>
  typeof value === 'boolean' ? undefined : `must be a boolean, got ${describeType(value)}`;

export function integerIn(min: number, max: number): ValueRule {
  return (value) =>
    Number.isInteger(value)
      ? rangeProblem(value as number, min, max)
      : `must be an integer, got ${describeType(value)}`;
}

export function numberIn(min?: number, max?: number): ValueRule {
  return (value) =>
    typeof value === 'number' && Number.isFinite(value)
      ? rangeProblem(value, min, max)
      : `must be a finite number, got ${describeType(value)}`;
}

export const isFiniteNumber: ValueRule = numberIn();

export function oneOf(options: ReadonlyArray<string | number>): ValueRule {
  return (value) =>
    options.includes(value as string | number) ? undefined : `must be one of ${quoteList(options)}`;
}

export const isPositiveInteger: ValueRule = (value) =>
  Number.isInteger(value) && (value as number) > 0
    ? undefined
    : `must be a positive integer, got ${Number.isInteger(value) ? value : describeType(value)}`;
