import { ApiProperty } from '@nestjs/swagger';
import { ROLES, TIERS } from '../../../config/tiers';

class WhoamiUser {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ enum: TIERS }) tier: string;
  @ApiProperty() approved: boolean;
}

class WhoamiKey {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String], description: 'The capabilities the key holds' }) capabilities: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt: string | null;
}

class WhoamiCredits {
  @ApiProperty() balance: number;
}

class WhoamiRateLimit {
  @ApiProperty() limit: number;
  @ApiProperty() windowSeconds: number;
}

export class WhoamiResponse {
  @ApiProperty({ type: WhoamiUser }) user: WhoamiUser;
  @ApiProperty({ type: WhoamiKey }) key: WhoamiKey;
  @ApiProperty({ type: WhoamiCredits }) credits: WhoamiCredits;
  @ApiProperty({ type: WhoamiRateLimit, nullable: true }) rateLimit: WhoamiRateLimit | null;
}
