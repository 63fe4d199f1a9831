import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsString, Length, Max, Min, NotEquals } from 'class-validator';
import { Optional } from '../../../common/http/optional';
import { ROLES, Role, Tier, TIERS } from '../../../config/tiers';

export class CreateAccountDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail()
  email: string;

  @ApiProperty({ enum: TIERS })
  @IsIn(TIERS)
  tier: Tier;

  @ApiPropertyOptional({ description: 'Default: false' })
  @Optional()
  @IsBoolean()
  approved?: boolean;

  @ApiPropertyOptional({ enum: ROLES, description: 'Default: user' })
  @Optional()
  @IsIn(ROLES)
  role?: Role;
}

export class UpdateAccountDto {
  @ApiPropertyOptional({ enum: TIERS })
  @Optional()
  @IsIn(TIERS)
  tier?: Tier;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  approved?: boolean;
}

const CREDITS_MAX = 2_147_483_647;

export class CreditsChangeDto {
  @ApiProperty({
    description: 'Non-zero integer: positive is a top-up, negative an adjustment.',
    example: 500,
    minimum: -CREDITS_MAX,
    maximum: CREDITS_MAX,
  })
  @IsInt()
  @NotEquals(0)
  // Credits are int4 columns: a larger amount must be a 400 here, not a database error (500) on PostgreSQL.
  @Min(-CREDITS_MAX)
  @Max(CREDITS_MAX)
  amount: number;

  @ApiProperty({ example: 'Monthly top-up' })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class AccountResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: TIERS }) tier: Tier;
  @ApiProperty() approved: boolean;
  @ApiProperty() balance: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
