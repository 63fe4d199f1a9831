import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JSON_VALUE } from '../../common/http/swagger-json';
import type { ModelEntry } from './model.types';

export class ModelInputResponse {
  @ApiProperty({ example: 'prompt' }) name: string;
  @ApiProperty({ enum: ['text', 'image', 'video', 'audio', 'json'] }) type: string;
  @ApiPropertyOptional() required?: boolean;
  @ApiPropertyOptional() description?: string;
}

export class ModelParamResponse {
  @ApiProperty({ example: 'num_images' }) name: string;
  @ApiProperty({ enum: ['string', 'integer', 'number', 'boolean'] }) type: string;
  @ApiPropertyOptional() required?: boolean;
  @ApiPropertyOptional(JSON_VALUE) default?: unknown;
  @ApiPropertyOptional() min?: number;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional({ type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  options?: Array<string | number>;
  @ApiPropertyOptional() description?: string;
}

/** A registry entry as callers see it (API.md §6): provider settings stay private. */
export class ModelResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['image', 'video', 'audio', 'text'] }) kind: string;
  @ApiProperty() provider: string;
  @ApiProperty({ enum: ['free', 'pro', 'business', 'enterprise'] }) minTier: string;
  @ApiProperty() supportsAsync: boolean;
  @ApiProperty({
    type: 'object',
    required: ['unit', 'credits'],
    properties: {
      unit: { type: 'string', enum: ['call', 'image', 'second', '1k-tokens'] },
      credits: { type: 'number' },
    },
  })
  pricing: { unit: string; credits: number };
  @ApiProperty({ type: [ModelInputResponse], description: 'Inputs a run passes in `inputs`' })
  inputs: unknown[];
  @ApiProperty({ type: [ModelParamResponse], description: 'Settings a run passes in `params`' })
  params: unknown[];
  @ApiProperty() enabled: boolean;
}

export function toModelView(entry: ModelEntry): ModelResponse {
  const { id, name, kind, provider, minTier, supportsAsync, inputs, params, enabled } = entry;
  return {
    id,
    name,
    kind,
    provider,
    minTier,
    supportsAsync,
    pricing: { unit: entry.pricing.unit, credits: entry.pricing.credits },
    inputs,
    params,
    enabled,
  };
}
