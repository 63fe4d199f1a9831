/** The workflows the benches run, as created through the API. */

/** input (`name`) → sandbox image (64×64, at once) → image output. Costs credits, runs async. */
export const IMAGE_WORKFLOW = {
  slug: 'bench-image',
  name: 'Bench image',
  nodes: [
    {
      id: 'input',
      type: 'request-input',
      data: { fields: [{ name: 'name', type: 'text', required: true }] },
    },
    { id: 'draw', type: 'model', data: { model: 'sandbox-image', params: { width: 64, height: 64 } } },
    { id: 'output', type: 'response-output', data: { type: 'image', name: 'image' } },
  ],
  edges: [
    { id: 'e1', source: 'input', sourceHandle: 'name', target: 'draw', targetHandle: 'prompt' },
    { id: 'e2', source: 'draw', sourceHandle: 'out', target: 'output', targetHandle: 'value' },
  ],
};

/** input (`name`) → template `Hello, {{name}}!` → text output. Free to run: no model node. */
export const TEMPLATE_WORKFLOW = {
  slug: 'bench-template',
  name: 'Bench template',
  nodes: [
    {
      id: 'input',
      type: 'request-input',
      data: { fields: [{ name: 'name', type: 'text', required: true }] },
    },
    { id: 'greet', type: 'template', data: { template: 'Hello, {{name}}!' } },
    { id: 'output', type: 'response-output', data: { type: 'text', name: 'text' } },
  ],
  edges: [
    { id: 'e1', source: 'input', sourceHandle: 'name', target: 'greet', targetHandle: 'name' },
    { id: 'e2', source: 'greet', sourceHandle: 'text', target: 'output', targetHandle: 'value' },
  ],
};
