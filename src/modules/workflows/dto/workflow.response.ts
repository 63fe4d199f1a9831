import { JSON_OBJECT, JSON_VALUE } from '../../../common/http/swagger-json';
import { InputFieldDto, WorkflowEdgeDto, WorkflowNodeDto } from './workflow-graph.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class WorkflowDocumentResponse {
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty() publicPlayground: boolean;
  @ApiProperty({ type: [WorkflowNodeDto] }) nodes: unknown[];
  @ApiProperty({ type: [WorkflowEdgeDto] }) edges: unknown[];
  @ApiPropertyOptional(JSON_OBJECT) viewport?: Record<string, unknown>;
  @ApiProperty({ type: 'integer', description: 'Starts at 1; send it back in If-Match to update safely' })
  version: number;
  @ApiProperty({ format: 'uuid', description: 'The key that created it' }) createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class WorkflowSummaryResponse {
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty() publicPlayground: boolean;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: "Credits one run costs at the caller's tier, before trial grants",
  })
  estimatedCreditCost: number | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PublicSchemaResponse {
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [InputFieldDto] }) fields: unknown[];
  @ApiProperty({ type: 'object', additionalProperties: JSON_VALUE, description: 'Default value per field' })
  values: Record<string, unknown>;
  @ApiProperty() supportsAsync: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON Schema 2020-12 of `inputs`' })
  inputSchema: Record<string, unknown>;
}

export class WorkflowSchemaResponse extends PublicSchemaResponse {
  @ApiProperty({ type: 'integer', nullable: true }) estimatedCreditCost: number | null;
}
