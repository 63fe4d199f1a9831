import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { Optional } from '../../../common/http/optional';

export class SetKeyWebhookDto {
  @ApiProperty({
    example: 'https://example.com/flowgate/webhooks',
    description: 'https://, not resolving to a private, loopback or metadata address',
  })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiPropertyOptional({
    minLength: 16,
    maxLength: 256,
    description: 'Signing secret; generated (whsec_…) and returned once when omitted',
  })
  @Optional()
  @IsString()
  @Length(16, 256)
  secret?: string;
}

export class KeyWebhookResponse {
  @ApiProperty({ format: 'uuid' }) keyId: string;
  @ApiProperty() url: string;
  @ApiPropertyOptional({ description: 'Only when the server generated it: shown once' }) secret?: string;
}
