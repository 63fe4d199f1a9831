/**
 * The sandbox models every registry holds (API.md §12): offline, deterministic, priced and tier-gated like real
 * ones so every path of the API can be exercised without a provider account.
 */
import type { ModelEntry, ModelInputSpec, ModelParamSpec } from './model.types';

const PROMPT: ModelInputSpec = { name: 'prompt', type: 'text', required: true, description: 'What to make.' };

/** Every sandbox model takes these, to simulate slow and failing providers. */
const SANDBOX_PARAMS: ModelParamSpec[] = [
  {
    name: 'latencyMs',
    type: 'integer',
    min: 0,
    max: 600_000,
    default: 0,
    description: 'How long the provider takes; it polls as running meanwhile.',
  },
  { name: 'fail', type: 'string', description: 'When set, the provider fails with this message.' },
];

const integer = (
  name: string,
  min: number,
  max: number,
  fallback: number,
  description: string,
): ModelParamSpec => ({
  name,
  type: 'integer',
  min,
  max,
  default: fallback,
  description,
});

const imageParams = (defaultSize: number): ModelParamSpec[] => [
  integer('num_images', 1, 4, 1, 'How many images to make.'),
  integer('width', 64, 2048, defaultSize, 'Image width in pixels.'),
  integer('height', 64, 2048, defaultSize, 'Image height in pixels.'),
  {
    name: 'seed',
    type: 'integer',
    min: 0,
    max: 2_147_483_647,
    description: 'Varies the picture for one prompt.',
  },
  ...SANDBOX_PARAMS,
];

export const BUILTIN_MODELS: readonly ModelEntry[] = [
  {
    id: 'sandbox-text',
    name: 'Sandbox Text',
    kind: 'text',
    provider: 'sandbox',
    minTier: 'pro',
    // One-shot on purpose: the registry needs a model that cannot run async (ASYNC_NOT_SUPPORTED).
    supportsAsync: false,
    pricing: { unit: 'call', credits: 1 },
    inputs: [
      PROMPT,
      { name: 'system', type: 'text', required: false, description: 'Instructions for the model.' },
    ],
    params: [...SANDBOX_PARAMS],
    enabled: true,
  },
  {
    id: 'sandbox-image',
    name: 'Sandbox Image',
    kind: 'image',
    provider: 'sandbox',
    minTier: 'pro',
    supportsAsync: true,
    pricing: { unit: 'image', credits: 4, unitsParam: 'num_images' },
    inputs: [PROMPT],
    params: imageParams(512),
    enabled: true,
  },
  {
    id: 'sandbox-video',
    name: 'Sandbox Video',
    kind: 'video',
    provider: 'sandbox',
    minTier: 'business',
    supportsAsync: true,
    pricing: { unit: 'second', credits: 10, unitsParam: 'duration' },
    inputs: [
      PROMPT,
      { name: 'image', type: 'image', required: false, description: 'A first frame to start from.' },
    ],
    params: [
      integer('duration', 1, 30, 5, 'Length in seconds.'),
      integer('width', 64, 512, 256, 'Frame width in pixels.'),
      integer('height', 64, 512, 256, 'Frame height in pixels.'),
      integer('fps', 1, 4, 2, 'Frames per second.'),
      ...SANDBOX_PARAMS,
    ],
    enabled: true,
  },
  {
    id: 'sandbox-audio',
    name: 'Sandbox Audio',
    kind: 'audio',
    provider: 'sandbox',
    minTier: 'pro',
    supportsAsync: true,
    pricing: { unit: 'second', credits: 2, unitsParam: 'duration' },
    inputs: [PROMPT],
    params: [integer('duration', 1, 60, 10, 'Length in seconds.'), ...SANDBOX_PARAMS],
    enabled: true,
  },
  {
    id: 'sandbox-image-xl',
    name: 'Sandbox Image XL',
    kind: 'image',
    provider: 'sandbox',
    minTier: 'enterprise',
    supportsAsync: true,
    pricing: { unit: 'image', credits: 8, unitsParam: 'num_images' },
    inputs: [PROMPT],
    params: imageParams(1024),
    enabled: true,
  },
];
