/**
 * Valid minimal workflow documents for the e2e suites, and helpers to change one node or edge at a time so each
 * validation test breaks exactly one rule of API.md §5.
 */

export interface WorkflowNodeDoc {
  id: string;
  type: string;
  position?: { x: number; y: number };
  data: Record<string, unknown>;
}

export interface WorkflowEdgeDoc {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

export interface WorkflowDoc {
  slug?: string;
  name: string;
  description?: string;
  tags?: string[];
  publicPlayground?: boolean;
  nodes: WorkflowNodeDoc[];
  edges: WorkflowEdgeDoc[];
  viewport?: Record<string, unknown>;
}

export function edge(id: string, from: string, to: string): WorkflowEdgeDoc {
  const [source, sourceHandle] = from.split('.');
  const [target, targetHandle] = to.split('.');
  return { id, source, sourceHandle, target, targetHandle };
}

/**
 * request-input (`prompt`) → template `Say {{prompt}}` → response-output (text). Free to run (no model).
 * Node indexes: 0 input, 1 greet, 2 output. Edge indexes: 0 e1, 1 e2.
 */
export function templateWorkflow(overrides: Partial<WorkflowDoc> = {}): WorkflowDoc {
  return {
    name: 'Greeting',
    description: 'Says the prompt back',
    tags: ['test'],
    publicPlayground: false,
    nodes: [
      {
        id: 'input',
        type: 'request-input',
        position: { x: 0, y: 0 },
        data: { fields: [{ name: 'prompt', type: 'text', required: true }] },
      },
      { id: 'greet', type: 'template', position: { x: 200, y: 0 }, data: { template: 'Say {{prompt}}' } },
      {
        id: 'output',
        type: 'response-output',
        position: { x: 400, y: 0 },
        data: { type: 'text', name: 'text' },
      },
    ],
    edges: [edge('e1', 'input.prompt', 'greet.prompt'), edge('e2', 'greet.text', 'output.value')],
    ...overrides,
  };
}

/**
 * request-input (`prompt`) → model `sandbox-text` → response-output (text).
 * Node indexes: 0 input, 1 llm, 2 output. Edge indexes: 0 e1 (prompt), 1 e2 (out).
 */
export function modelWorkflow(params: Record<string, unknown> = {}, model = 'sandbox-text'): WorkflowDoc {
  return {
    name: 'Sandbox text',
    nodes: [
      {
        id: 'input',
        type: 'request-input',
        data: { fields: [{ name: 'prompt', type: 'text', required: true }] },
      },
      { id: 'llm', type: 'model', data: { model, params } },
      { id: 'output', type: 'response-output', data: { type: 'text', name: 'text' } },
    ],
    edges: [edge('e1', 'input.prompt', 'llm.prompt'), edge('e2', 'llm.out', 'output.value')],
  };
}

/** A workflow whose request-input has one field of most types, for the schema and JSON Schema tests. */
export function formWorkflow(overrides: Partial<WorkflowDoc> = {}): WorkflowDoc {
  const fields = [
    { name: 'prompt', type: 'text', label: 'Prompt', required: true, maxLength: 100 },
    { name: 'count', type: 'number', min: 1, max: 10, default: 2 },
    { name: 'style', type: 'pills', options: ['plain', 'bold'], default: 'plain' },
    { name: 'loud', type: 'toggle', default: false },
    { name: 'picture', type: 'image' },
  ];
  return {
    name: 'Form',
    description: 'Many field types',
    nodes: [
      { id: 'input', type: 'request-input', data: { fields } },
      { id: 'line', type: 'template', data: { template: '{{prompt}} x{{count}} ({{style}}, {{loud}})' } },
      { id: 'output', type: 'response-output', data: { type: 'text', name: 'text' } },
    ],
    edges: [
      edge('e1', 'input.prompt', 'line.prompt'),
      edge('e2', 'input.count', 'line.count'),
      edge('e3', 'input.style', 'line.style'),
      edge('e4', 'input.loud', 'line.loud'),
      edge('e5', 'line.text', 'output.value'),
    ],
    ...overrides,
  };
}
