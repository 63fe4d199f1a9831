import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JSON_OBJECT, JSON_VALUE } from '../../../common/http/swagger-json';
import { FIELD_TYPES, NODE_TYPES } from '../workflow.types';

/**
 * The shapes of a workflow graph (API.md §5) for the OpenAPI document. Graph rules are checked by
 * graph/validate-workflow, not by these classes; they describe what clients send and read.
 */
export class NodePositionDto {
  @ApiProperty() x: number;
  @ApiProperty() y: number;
}

export class WorkflowNodeDto {
  @ApiProperty({ example: 'prompt' }) id: string;
  @ApiProperty({ enum: NODE_TYPES }) type: string;
  @ApiPropertyOptional({ type: NodePositionDto }) position?: NodePositionDto;
  @ApiProperty({
    ...JSON_OBJECT,
    description:
      'Per type: `fields` (request-input), `model` + `params` (model), `template` (template), `ops` ' +
      '(image-transform), `method`, `url`, `headers`, `body`, `responseType`, `timeoutMs` (http-request), ' +
      '`type` + `name` (response-output)',
  })
  data: Record<string, unknown>;
}

export class WorkflowEdgeDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The node an output comes from' }) source: string;
  @ApiProperty({
    description: "That node's output handle (a field name, `out`, `text`, `image`, `response`)",
  })
  sourceHandle: string;
  @ApiProperty({ description: 'The node it feeds' }) target: string;
  @ApiProperty({ description: "That node's input handle (a model input or param, a placeholder, `value`)" })
  targetHandle: string;
}

/** A Request Input field: one key of a run's `inputs`. */
export class InputFieldDto {
  @ApiProperty({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }) name: string;
  @ApiProperty({ enum: FIELD_TYPES }) type: string;
  @ApiPropertyOptional() label?: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional() required?: boolean;
  @ApiPropertyOptional({ ...JSON_VALUE, description: 'Taken when the run omits the field' })
  default?: unknown;
  @ApiPropertyOptional() min?: number;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional() step?: number;
  @ApiPropertyOptional({
    type: 'array',
    items: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    description: 'The allowed values (pills)',
  })
  options?: Array<string | number>;
  @ApiPropertyOptional({ type: 'integer' }) maxLength?: number;
}
