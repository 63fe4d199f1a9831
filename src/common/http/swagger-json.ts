import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * Any JSON value (a run's `result`, a node's `data` values, a field default). Spelled out as a union so that
 * generated clients type it as a JSON value rather than as an empty object (`type: object` without properties).
 */
export const JSON_VALUE: { anyOf: SchemaObject[] } = {
  // OpenAPI 3.0 has no null type: `nullable` sits on a member (each needs its own `type`).
  anyOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object', additionalProperties: true, nullable: true },
    { type: 'array', items: {} },
  ],
};

/** A JSON object whose values are any JSON. */
export const JSON_OBJECT: { type: 'object'; additionalProperties: true } = {
  type: 'object',
  additionalProperties: true,
};
