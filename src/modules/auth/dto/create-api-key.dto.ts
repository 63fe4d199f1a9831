import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Optional } from '../../../common/http/optional';
import { PRESETS } from '../capabilities/capability.vocabulary';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'CI deploy key', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['workflow:run', 'execution:read'],
    description: 'Capabilities (see the auth tag: workflow:run, workflow:<slug>:run, ...), or use `preset`.',
  })
  @Optional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  capabilities?: string[];

  @ApiPropertyOptional({
    enum: Object.keys(PRESETS),
    description: 'A preset instead of a list; every preset adds execution:read.',
  })
  @Optional()
  @IsString()
  preset?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the key stops working (must be in the future); absent or null: never.',
    nullable: true,
  })
  // null means "never", as in the key record.
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
