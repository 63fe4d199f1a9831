/**
 * The `inputSchema` and `values` of `GET /api/workflows/:slug/schema` (API.md §5): a JSON Schema 2020-12 of
 * a run's `inputs`, built from the request-input fields. It describes the rules validate-inputs enforces.
 */
import type { Field } from '../workflow.types';
import { HTTPS_MEDIA_ONLY, type MediaInputPolicy } from './media-url';

export const JSON_SCHEMA_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

export type JsonSchema = Record<string, unknown>;

export interface InputSchema extends JsonSchema {
  $schema: string;
  type: 'object';
  properties: Record<string, JsonSchema>;
  required: string[];
  additionalProperties: false;
}

/** The part of a property that constrains the value, per field type. */
function valueSchema(field: Field, media: MediaInputPolicy): JsonSchema {
  const url = media.allowHttp ? 'https?://' : 'https://';
  switch (field.type) {
    case 'text':
    case 'textarea':
      return { type: 'string', ...(field.maxLength !== undefined && { maxLength: field.maxLength }) };
    case 'number':
    case 'slider':
      return {
        type: 'number',
        ...(field.min !== undefined && { minimum: field.min }),
        ...(field.max !== undefined && { maximum: field.max }),
      };
    case 'pills':
      return { enum: [...(field.options ?? [])] };
    case 'toggle':
      return { type: 'boolean' };
    case 'image':
      // `format` tells form builders it is a link; the pattern is what actually admits data: URLs for images.
      return { type: 'string', format: 'uri', pattern: `^(${url}|data:image/)` };
    case 'video':
    case 'audio':
      return { type: 'string', format: 'uri', pattern: `^${url}` };
    case 'json':
      return {};
  }
}

function propertySchema(field: Field, media: MediaInputPolicy): JsonSchema {
  return {
    title: field.label ?? field.name,
    ...(field.description !== undefined && { description: field.description }),
    ...valueSchema(field, media),
    ...(field.default !== undefined && { default: field.default }),
  };
}

/** `media` is the server's rule for media URLs (https only when omitted), as validate-inputs applies it. */
export function buildInputSchema(fields: Field[], media: MediaInputPolicy = HTTPS_MEDIA_ONLY): InputSchema {
  return {
    $schema: JSON_SCHEMA_2020_12,
    type: 'object',
    properties: Object.fromEntries(fields.map((field) => [field.name, propertySchema(field, media)])),
    required: fields.filter((field) => field.required === true).map((field) => field.name),
    additionalProperties: false,
  };
}

/** `{name: default}` for every field that declares one. */
export function defaultValues(fields: Field[]): Record<string, unknown> {
  return Object.fromEntries(
    fields.filter((field) => field.default !== undefined).map((field) => [field.name, field.default]),
  );
}
