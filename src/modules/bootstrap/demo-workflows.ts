/** The two demo workflows of API.md §12, as plain documents (what a client would POST). */

export const DEMO_IMAGE_WORKFLOW = {
  slug: 'demo-image',
  name: 'Demo: sandbox image',
  description: 'Turns a prompt into a PNG with the sandbox image model.',
  tags: ['demo'],
  publicPlayground: true,
  nodes: [
    {
      id: 'input',
      type: 'request-input',
      position: { x: 0, y: 0 },
      data: {
        fields: [
          { name: 'prompt', type: 'text', label: 'Prompt', required: true, maxLength: 500 },
          { name: 'width', type: 'slider', label: 'Width', default: 512, min: 64, max: 2048, step: 64 },
          { name: 'height', type: 'slider', label: 'Height', default: 512, min: 64, max: 2048, step: 64 },
        ],
      },
    },
    {
      id: 'style',
      type: 'template',
      position: { x: 250, y: 0 },
      data: { template: '{{prompt}}, studio lighting' },
    },
    {
      id: 'image',
      type: 'model',
      position: { x: 500, y: 0 },
      data: { model: 'sandbox-image', params: { num_images: 1 } },
    },
    {
      id: 'output',
      type: 'response-output',
      position: { x: 750, y: 0 },
      data: { type: 'image', name: 'image' },
    },
  ],
  edges: [
    { id: 'e1', source: 'input', sourceHandle: 'prompt', target: 'style', targetHandle: 'prompt' },
    { id: 'e2', source: 'style', sourceHandle: 'text', target: 'image', targetHandle: 'prompt' },
    { id: 'e3', source: 'input', sourceHandle: 'width', target: 'image', targetHandle: 'width' },
    { id: 'e4', source: 'input', sourceHandle: 'height', target: 'image', targetHandle: 'height' },
    { id: 'e5', source: 'image', sourceHandle: 'out', target: 'output', targetHandle: 'value' },
  ],
};

export const DEMO_THUMBNAIL_WORKFLOW = {
  slug: 'demo-thumbnail',
  name: 'Demo: WebP thumbnail',
  description: 'Resizes an image URL to a 256-pixel-wide WebP thumbnail.',
  tags: ['demo'],
  publicPlayground: true,
  nodes: [
    {
      id: 'input',
      type: 'request-input',
      position: { x: 0, y: 0 },
      data: { fields: [{ name: 'image', type: 'image', label: 'Image URL', required: true }] },
    },
    {
      id: 'thumbnail',
      type: 'image-transform',
      position: { x: 250, y: 0 },
      data: {
        ops: [
          { op: 'resize', width: 256, fit: 'inside' },
          { op: 'format', format: 'webp', quality: 80 },
        ],
      },
    },
    {
      id: 'output',
      type: 'response-output',
      position: { x: 500, y: 0 },
      data: { type: 'image', name: 'thumbnail' },
    },
  ],
  edges: [
    { id: 'e1', source: 'input', sourceHandle: 'image', target: 'thumbnail', targetHandle: 'image' },
    { id: 'e2', source: 'thumbnail', sourceHandle: 'image', target: 'output', targetHandle: 'value' },
  ],
};
