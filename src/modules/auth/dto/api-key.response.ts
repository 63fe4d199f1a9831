import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class WebhookRef {
  @ApiProperty() url: string;
}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) capabilities: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ type: WebhookRef, nullable: true }) webhook: WebhookRef | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiPropertyOptional({ description: 'The plaintext key, shown only once.', example: 'fg_live_…' })
  key: string;
}
