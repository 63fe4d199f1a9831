import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Optional } from '../../../common/http/optional';

/** A workflow document as written by clients. Graph rules (§5) are checked by graph/validate-workflow. */
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

  @ApiPropertyOptional({ default: '' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ type: [String], default: [] })
  @Optional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ default: false, description: 'Expose /public-schema without a key' })
  @Optional()
  @IsBoolean()
  publicPlayground?: boolean;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Nodes `{ id, type, position?, data }` (API.md §5)',
  })
  @IsArray()
  nodes: unknown[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Edges `{ id, source, sourceHandle, target, targetHandle }`',
  })
  @IsArray()
  edges: unknown[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  @IsObject()
  viewport?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Ignored on write (the server keeps the version); present so documents round-trip.',
  })
  @IsOptional()
  version?: unknown;

  @ApiPropertyOptional({ description: 'Ignored on write' })
  @IsOptional()
  createdBy?: unknown;

  @ApiPropertyOptional({ description: 'Ignored on write' })
  @IsOptional()
  createdAt?: unknown;

  @ApiPropertyOptional({ description: 'Ignored on write' })
  @IsOptional()
  updatedAt?: unknown;
}
