import { ApiProperty } from '@nestjs/swagger';

/** One row of a delivery log (API.md §8), also the answer of POST /api/api-keys/:id/webhook/test. */
export class DeliveryAttemptResponse {
  @ApiProperty({ format: 'uuid', description: 'Unique per attempt (also X-Flowgate-Delivery)' }) id: string;
  @ApiProperty({ example: 'execution.completed' }) event: string;
  @ApiProperty({ description: 'Counts from 1' }) attempt: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: Number, nullable: true }) statusCode: number | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ description: 'The first 1 KiB of the response body' }) responseBody: string;
}
