/** Registry entries shaped like the sandbox models of API.md §12, for specs only. */
import type { ModelEntry } from '../../../models/model.types';
import type { LookupModel } from '../node-handles';

const sandboxParams = [
  { name: 'latencyMs', type: 'integer', min: 0, max: 600000, default: 0 },
  { name: 'fail', type: 'string' },
] as const;

export const sandboxText: ModelEntry = {
  id: 'sandbox-text',
  name: 'Sandbox text',
  kind: 'text',
  provider: 'sandbox',
  minTier: 'pro',
  supportsAsync: false,
  pricing: { unit: 'call', credits: 1 },
  inputs: [
    { name: 'prompt', type: 'text' },
    { name: 'system', type: 'text', required: false },
  ],
  params: [...sandboxParams],
  enabled: true,
};

export const sandboxImage: ModelEntry = {
  id: 'sandbox-image',
  name: 'Sandbox image',
  kind: 'image',
  provider: 'sandbox',
  minTier: 'pro',
  supportsAsync: true,
  pricing: { unit: 'image', credits: 4 },
  inputs: [
    { name: 'prompt', type: 'text', required: true },
    { name: 'image', type: 'image', required: false },
    { name: 'extra', type: 'json', required: false },
  ],
  params: [
    { name: 'num_images', type: 'integer', min: 1, max: 4, default: 1 },
    { name: 'width', type: 'integer', min: 64, max: 2048, default: 512 },
    { name: 'height', type: 'integer', min: 64, max: 2048, default: 512 },
    { name: 'guidance', type: 'number', min: 0, max: 20 },
    { name: 'style', type: 'string', options: ['photo', 'sketch'] },
    { name: 'hd', type: 'boolean', default: false },
    ...sandboxParams,
  ],
  enabled: true,
};

export const sandboxVideo: ModelEntry = {
  ...sandboxImage,
  id: 'sandbox-video',
  kind: 'video',
  inputs: [
    { name: 'prompt', type: 'text' },
    { name: 'clip', type: 'video', required: false },
  ],
  params: [...sandboxParams],
};

/** A param the registry marks required with no default: it must come from `data.params` or an edge. */
export const seededText: ModelEntry = {
  ...sandboxText,
  id: 'seeded-text',
  params: [{ name: 'seed', type: 'integer', required: true }],
};

export const retiredModel: ModelEntry = { ...sandboxText, id: 'retired-text', enabled: false };

const entries = new Map(
  [sandboxText, sandboxImage, sandboxVideo, seededText, retiredModel].map((entry) => [entry.id, entry]),
);

export const lookupModel: LookupModel = (id) => entries.get(id);
