import { ApiProperty } from '@nestjs/swagger';
import type { ModelEntry } from './model.types';

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
    properties: {
      unit: { type: 'string', enum: ['call', 'image', 'second', '1k-tokens'] },
      credits: { type: 'number' },
    },
  })
  pricing: { unit: string; credits: number };
  @ApiProperty({ type: 'array', items: { type: 'object' } }) inputs: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) params: unknown[];
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
