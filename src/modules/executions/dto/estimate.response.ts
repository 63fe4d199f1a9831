import { ApiProperty } from '@nestjs/swagger';

export class EstimateNode {
  @ApiProperty() nodeId: string;
  @ApiProperty() model: string;
  @ApiProperty({ description: 'Credits this node would cost (0 when a trial grant pays)' }) credits: number;
  @ApiProperty({ description: 'Whether a trial grant pays for it' }) grant: boolean;
}

export class EstimateBlocker {
  @ApiProperty({
    enum: ['MODEL_TIER_REQUIRED', 'grant_exhausted', 'INSUFFICIENT_CREDITS', 'ASYNC_NOT_SUPPORTED'],
  })
  code: string;
  @ApiProperty() message: string;
}

export class EstimateResponse {
  @ApiProperty() estimatedCreditCost: number;
  @ApiProperty({ type: [EstimateNode] }) nodes: EstimateNode[];
  @ApiProperty({
    type: [EstimateBlocker],
    description: 'Errors a run would meet now, each with its context fields',
  })
  blockers: Array<{ code: string; message: string } & Record<string, unknown>>;
}
