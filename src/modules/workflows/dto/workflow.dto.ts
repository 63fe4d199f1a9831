import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Optional } from '../../../common/http/optional';
import { JSON_OBJECT } from '../../../common/http/swagger-json';
import { WorkflowEdgeDto, WorkflowNodeDto } from './workflow-graph.dto';

/**
 * A workflow document as written by clients. Graph rules (§5) are checked by graph/validate-workflow. Defaults are
 * told in descriptions, not as `default`: generators (openapi-typescript) type a field with a default as required.
 */
export class WorkflowBodyDto {
  @ApiPropertyOptional({
    description: 'Lowercase letters, digits, hyphens; 1-64 chars. Derived from name when omitted.',
    example: 'my-thumbnail-pipeline',
  })
  @Optional()
  @IsString()
  slug?: string;

  @ApiProperty({ example: 'My thumbnail pipeline' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ description: 'Default: empty' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ type: [String], description: 'Default: none' })
  @Optional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ description: 'Expose /public-schema without a key (default: false)' })
  @Optional()
  @IsBoolean()
  publicPlayground?: boolean;

  @ApiProperty({ type: [WorkflowNodeDto], description: 'The nodes; at most 200' })
  @IsArray()
  nodes: unknown[];

  @ApiProperty({
    type: [WorkflowEdgeDto],
    description: 'Connections from an output handle to an input handle',
  })
  @IsArray()
  edges: unknown[];

  @ApiPropertyOptional({ ...JSON_OBJECT, nullable: true, description: "An editor's view state, kept as is" })
  @IsOptional()
  @IsObject()
  viewport?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'integer',
    description:
      'Ignored on write (the server keeps the version; use If-Match); present so documents round-trip.',
  })
  @IsOptional()
  version?: unknown;

  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'Ignored on write' })
  @IsOptional()
  createdBy?: unknown;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Ignored on write' })
  @IsOptional()
  createdAt?: unknown;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Ignored on write' })
  @IsOptional()
  updatedAt?: unknown;
}
