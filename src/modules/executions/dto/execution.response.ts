import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JSON_VALUE } from '../../../common/http/swagger-json';
import { EXECUTION_STATUSES } from '../entities/execution.entity';

export class ExecutionErrorResponse {
  @ApiProperty({ enum: ['PROVIDER_ERROR', 'NODE_ERROR', 'TIMEOUT', 'WORKER_LOST', 'CANCELLED'] })
  code: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: String, nullable: true }) nodeId: string | null;
}

export class StepResponse {
  @ApiProperty() nodeId: string;
  @ApiProperty() type: string;
  @ApiPropertyOptional() model?: string;
  @ApiProperty({ enum: ['pending', 'running', 'completed', 'failed', 'skipped', 'cancelled'] })
  status: string;
  @ApiPropertyOptional({ format: 'date-time' }) startedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) completedAt?: string;
  @ApiPropertyOptional() durationMs?: number;
  @ApiProperty() cost: number;
  @ApiProperty() grant: boolean;
  @ApiPropertyOptional() providerRequestId?: string;
  @ApiPropertyOptional({
    type: 'object',
    properties: {
      inputTokens: { type: 'number' },
      outputTokens: { type: 'number' },
      images: { type: 'number' },
      seconds: { type: 'number' },
    },
  })
  usage?: { inputTokens?: number; outputTokens?: number; images?: number; seconds?: number };
  @ApiPropertyOptional({
    type: 'object',
    properties: { code: { type: 'string' }, message: { type: 'string' } },
  })
  error?: { code: string; message: string };
}

export class BillingResponse {
  @ApiProperty() reserved: number;
  @ApiProperty() charged: number;
  @ApiProperty() refunded: number;
}

export class WebhookDeliveryResponse {
  @ApiProperty() configured: boolean;
  @ApiPropertyOptional() url?: string;
  @ApiProperty({ enum: ['none', 'pending', 'delivered', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
}

export class ExecutionResponse {
  @ApiProperty({ format: 'uuid' }) executionId: string;
  @ApiProperty() requestId: string;
  @ApiProperty({ enum: ['sync', 'async'] }) mode: string;
  @ApiProperty({ type: String, nullable: true }) workflowSlug: string | null;
  @ApiProperty({ type: [String] }) modelIds: string[];
  @ApiProperty({ enum: EXECUTION_STATUSES }) status: string;
  @ApiPropertyOptional({ ...JSON_VALUE, description: 'The shaped result (completed runs)' }) result?: unknown;
  @ApiPropertyOptional({
    description:
      "Lists only: true when a completed run's result is too large to list (over 64 KiB of JSON); read the execution for it",
  })
  resultOmitted?: boolean;
  @ApiPropertyOptional({ type: ExecutionErrorResponse }) error?: ExecutionErrorResponse;
  @ApiProperty({ description: 'Credits charged' }) cost: number;
  @ApiPropertyOptional() ms?: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) startedAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) completedAt: string | null;
  @ApiProperty({ type: [StepResponse] }) steps: StepResponse[];
  @ApiProperty({ type: BillingResponse }) billing: BillingResponse;
  @ApiProperty({ type: WebhookDeliveryResponse }) webhookDelivery: WebhookDeliveryResponse;
}

export class SyncRunResponse {
  @ApiProperty({ example: true }) success: boolean;
  @ApiProperty({
    ...JSON_VALUE,
    description:
      'Shaped by the output nodes: one output gives its value (text: a string; image: `{ images: [url] }`; ' +
      'json: the value), several an object keyed by output name',
  })
  result: unknown;
  @ApiProperty({ description: 'Credits charged (0 when trial grants paid)' }) cost: number;
  @ApiProperty({ description: 'Milliseconds from receipt to completion' }) ms: number;
  @ApiProperty({ format: 'uuid' }) executionId: string;
}

export class AsyncRunResponse {
  @ApiProperty({ example: true }) _async: boolean;
  @ApiProperty({ format: 'uuid' }) executionId: string;
  @ApiProperty() requestId: string;
  @ApiProperty({ example: 'processing' }) status: string;
  @ApiProperty({ type: 'object', properties: { configured: { type: 'boolean' }, url: { type: 'string' } } })
  webhookDelivery: { configured: boolean; url?: string };
  @ApiProperty({ example: '/api/executions/3f1c…' }) pollUrl: string;
}
