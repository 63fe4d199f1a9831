/**
 * Whether a value fits a Request Input field (API.md §5 "Field"). One rule set for run inputs and for a
 * field's own `default`, so a default can never be a value a run would refuse.
 */
import type { Field } from '../workflow.types';
import { rangeProblem } from '../../models/model-params';
import { describeType, quoteList } from './validation-detail';
import { isMediaReference, mediaReferenceMessage, type MediaInputPolicy } from './media-url';

export function fieldValueProblem(
  field: Field,
  value: unknown,
  media?: MediaInputPolicy,
): string | undefined {
  const got = `, got ${describeType(value)}`;
  switch (field.type) {
    case 'text':
    case 'textarea':
      if (typeof value !== 'string') return `must be a string${got}`;
      if (field.maxLength !== undefined && value.length > field.maxLength) {
        return `must be at most ${field.maxLength} characters long, got ${value.length}`;
      }
      return undefined;
    case 'number':
    case 'slider':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a finite number${got}`;
      return rangeProblem(value, field.min, field.max);
    case 'pills':
      return (field.options ?? []).includes(value as string | number)
        ? undefined
        : `must be one of ${quoteList(field.options ?? [])}`;
    case 'toggle':
      return typeof value === 'boolean' ? undefined : `must be a boolean${got}`;
    case 'image':
    case 'video':
    case 'audio':
      return isMediaReference(field.type, value, media)
        ? undefined
        : mediaReferenceMessage(field.type, media);
    case 'json':
      return undefined;
    default:
      return `has an unknown field type ${JSON.stringify(field.type)}`;
  }
}
