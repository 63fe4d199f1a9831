import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class WorkflowRunBodyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "Values for the workflow's Request Input fields (see GET /api/workflows/:slug/schema)",
    example: { prompt: 'a lighthouse at dusk' },
  })
  inputs: Record<string, unknown>;
}

export class ModelRunBodyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "Values keyed by the model's inputs",
    example: { prompt: 'hello' },
  })
  inputs: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "Values keyed by the model's params",
  })
  params?: Record<string, unknown>;
}
