import type { ValidationDetail, WorkflowGraph } from '../workflow.types';
import { MAX_NODES, validateWorkflowGraph } from './validate-workflow';
import { lookupModel } from './testing/models.fixture';
import { validWorkflow } from './testing/workflow.fixture';

/** The valid fixture with one change; `g` is a fresh copy each time. Loosely typed so specs can break types. */
type Loose = { nodes: any[]; edges: any[] };
const broken = (change: (g: Loose) => void): WorkflowGraph => {
  const g = validWorkflow() as Loose;
  change(g);
  return g as WorkflowGraph;
};

describe('validateWorkflowGraph', () => {
  it('accepts the valid fixture', () => {
    expect(validateWorkflowGraph(validWorkflow(), lookupModel)).toEqual([]);
  });

  it.each<[string, unknown, ValidationDetail[]]>([
    [
      'not an object',
      'graph',
      [
        { path: 'nodes', message: 'must be an array, got undefined' },
        { path: 'edges', message: 'must be an array, got undefined' },
      ],
    ],
    [
      'nodes not an array',
      { nodes: {}, edges: [] },
      [{ path: 'nodes', message: 'must be an array, got an object' }],
    ],
    [
      'a node not an object',
      broken((g) => g.nodes.push(7)),
      [{ path: 'nodes[4]', message: 'must be an object, got a number' }],
    ],
    [
      'a node id not a string',
      broken((g) => (g.nodes[1].id = 5)),
      [
        { path: 'nodes[1].id', message: 'must be a string, got a number' },
        { path: 'edges[0].target', message: 'unknown node "prompt"' },
        { path: 'edges[1].source', message: 'unknown node "prompt"' },
      ],
    ],
    [
      'an empty node id',
      broken((g) => g.nodes.push({ id: '', type: 'template', data: { template: '' } })),
      [{ path: 'nodes[4].id', message: 'must not be empty' }],
    ],
    [
      'duplicate node ids',
      broken((g) => g.nodes.push({ id: 'prompt', type: 'template', data: { template: 'x' } })),
      [{ path: 'nodes[4].id', message: 'duplicate node id "prompt" (also nodes[1])' }],
    ],
    [
      'an unknown node type',
      broken((g) => g.nodes.push({ id: 'x', type: 'webhook', data: {} })),
      [
        {
          path: 'nodes[4].type',
          message:
            'must be one of "request-input", "model", "template", "image-transform", "http-request", "response-output"',
        },
      ],
    ],
    [
      'node data not an object',
      broken((g) => g.nodes.push({ id: 'x', type: 'template' })),
      [{ path: 'nodes[4].data', message: 'must be an object, got undefined' }],
    ],
    [
      'edges to a malformed node are not "unknown node" and still connect',
      broken((g) => delete g.nodes[1].data),
      [{ path: 'nodes[1].data', message: 'must be an object, got undefined' }],
    ],
    [
      'a bad position',
      broken((g) => (g.nodes[1].position = { x: '1' })),
      [{ path: 'nodes[1].position', message: 'must be an object with finite numbers x and y' }],
    ],
    [
      'two request-input nodes',
      broken((g) => g.nodes.push({ id: 'in2', type: 'request-input', data: { fields: [] } })),
      [
        {
          path: 'nodes[4].type',
          message: 'a workflow may have only one request-input node (nodes[0] is one)',
        },
      ],
    ],
    [
      'no response-output',
      broken((g) => {
        g.nodes.pop();
        g.edges.pop();
      }),
      [{ path: 'nodes', message: 'must contain at least one response-output node' }],
    ],
    [
      'an edge not an object',
      broken((g) => g.edges.push(null)),
      [{ path: 'edges[4]', message: 'must be an object, got null' }],
    ],
    [
      'an edge with missing ends',
      broken((g) => g.edges.push({ id: 'e5', source: 'in' })),
      [
        { path: 'edges[4].sourceHandle', message: 'must be a string, got undefined' },
        { path: 'edges[4].target', message: 'must be a string, got undefined' },
        { path: 'edges[4].targetHandle', message: 'must be a string, got undefined' },
      ],
    ],
    [
      'duplicate edge ids',
      broken((g) => (g.edges[1].id = 'e1')),
      [{ path: 'edges[1].id', message: 'duplicate edge id "e1" (also edges[0])' }],
    ],
    [
      'an edge from an unknown node',
      broken((g) => (g.edges[2].source = 'ghost')),
      [{ path: 'edges[2].source', message: 'unknown node "ghost"' }],
    ],
    [
      'an edge to an unknown node',
      broken((g) => (g.edges[3].target = 'ghost')),
      [
        { path: 'edges[3].target', message: 'unknown node "ghost"' },
        { path: 'nodes[3]', message: 'required input "value" is not connected' },
      ],
    ],
    [
      'an unknown source handle',
      broken((g) => (g.edges[2].sourceHandle = 'width')),
      [
        {
          path: 'edges[2].sourceHandle',
          message: 'node "in" (request-input) has no output handle "width"; its outputs: "subject", "size"',
        },
      ],
    ],
    [
      'an unknown target handle',
      broken((g) => (g.edges[1].targetHandle = 'text')),
      [
        {
          path: 'edges[1].targetHandle',
          message:
            'node "image" (model) has no input handle "text"; its inputs: "prompt", "image", "extra", "num_images", "width", "height", "guidance", "style", "hd", "latencyMs", "fail"',
        },
        { path: 'nodes[2]', message: 'required input "prompt" is not connected' },
      ],
    ],
    [
      'two edges into one handle',
      broken((g) =>
        g.edges.push({
          id: 'e5',
          source: 'in',
          sourceHandle: 'subject',
          target: 'image',
          targetHandle: 'prompt',
        }),
      ),
      [
        {
          path: 'edges[4].targetHandle',
          message: 'input "prompt" of node "image" already has an edge (edges[1])',
        },
      ],
    ],
    [
      'a cycle',
      broken((g) => {
        g.nodes[1].data.template = '{{ subject }} {{ again }}';
        g.edges.push({
          id: 'e5',
          source: 'image',
          sourceHandle: 'out',
          target: 'prompt',
          targetHandle: 'again',
        });
      }),
      [{ path: 'nodes[1]', message: 'is on a cycle: "prompt" -> "image" -> "prompt"' }],
    ],
    [
      'a self-loop',
      broken((g) => {
        g.nodes[1].data.template = '{{ subject }} {{ self }}';
        g.edges.push({
          id: 'e5',
          source: 'prompt',
          sourceHandle: 'text',
          target: 'prompt',
          targetHandle: 'self',
        });
      }),
      [{ path: 'nodes[1]', message: 'is on a cycle: "prompt" -> "prompt"' }],
    ],
    [
      'a required model input not connected',
      broken((g) => g.edges.splice(1, 1)),
      [{ path: 'nodes[2]', message: 'required input "prompt" is not connected' }],
    ],
    [
      'a required model param neither set nor connected',
      broken((g) => (g.nodes[2].data = { model: 'seeded-text' })),
      [
        {
          path: 'edges[2].targetHandle',
          message: 'node "image" (model) has no input handle "width"; its inputs: "prompt", "system", "seed"',
        },
        { path: 'nodes[2]', message: 'required input "seed" is not connected' },
      ],
    ],
    [
      'a template placeholder without an edge',
      broken((g) => (g.nodes[1].data.template = '{{subject}} in {{ style }}')),
      [{ path: 'nodes[1].data.template', message: 'placeholder "style" has no connected edge' }],
    ],
    [
      'an edge into a handle the template does not have',
      broken((g) => (g.nodes[1].data.template = 'A photo of {{ topic }}')),
      [
        {
          path: 'edges[0].targetHandle',
          message: 'node "prompt" (template) has no input handle "subject"; its inputs: "topic"',
        },
        { path: 'nodes[1].data.template', message: 'placeholder "topic" has no connected edge' },
      ],
    ],
    [
      'an http-request placeholder without an edge, named where it sits',
      broken((g) => {
        g.nodes.push({
          id: 'call',
          type: 'http-request',
          data: {
            method: 'POST',
            url: 'https://api.example.com/{{subject}}',
            headers: { 'X-Key': '{{key}}' },
            body: { q: '{{q}}' },
          },
        });
        g.edges.push({
          id: 'e5',
          source: 'in',
          sourceHandle: 'subject',
          target: 'call',
          targetHandle: 'subject',
        });
      }),
      [
        { path: 'nodes[4].data.headers["X-Key"]', message: 'placeholder "key" has no connected edge' },
        { path: 'nodes[4].data.body', message: 'placeholder "q" has no connected edge' },
      ],
    ],
    [
      'an unknown model, reported once',
      broken((g) => (g.nodes[2].data.model = 'dall-e-9')),
      [{ path: 'nodes[2].data.model', message: 'unknown model "dall-e-9"' }],
    ],
    [
      'a disabled model',
      broken((g) => (g.nodes[2].data = { model: 'retired-text' })),
      [
        { path: 'nodes[2].data.model', message: 'model "retired-text" is disabled' },
        {
          path: 'edges[2].targetHandle',
          message:
            'node "image" (model) has no input handle "width"; its inputs: "prompt", "system", "latencyMs", "fail"',
        },
      ],
    ],
    [
      'a model id not a string',
      broken((g) => (g.nodes[2].data.model = 3)),
      [{ path: 'nodes[2].data.model', message: 'must be a model id string, got a number' }],
    ],
    [
      'an unknown model param',
      broken((g) => (g.nodes[2].data.params = { steps: 30 })),
      [
        {
          path: 'nodes[2].data.params.steps',
          message:
            'unknown param for model "sandbox-image"; known params: num_images, width, height, guidance, style, hd, latencyMs, fail',
        },
      ],
    ],
    [
      'a model param out of range',
      broken((g) => (g.nodes[2].data.params = { num_images: 9 })),
      [{ path: 'nodes[2].data.params.num_images', message: 'must be between 1 and 4, got 9' }],
    ],
    [
      'model params not an object',
      broken((g) => (g.nodes[2].data.params = 'x')),
      [{ path: 'nodes[2].data.params', message: 'must be an object, got a string' }],
    ],
    [
      'a template that is not a string',
      broken((g) => (g.nodes[1].data.template = ['x'])),
      [{ path: 'nodes[1].data.template', message: 'must be a string, got an array' }],
    ],
    [
      'an unknown output type',
      broken((g) => (g.nodes[3].data.type = 'pdf')),
      [{ path: 'nodes[3].data.type', message: 'must be one of "text", "image", "video", "audio", "json"' }],
    ],
    [
      'several outputs without names',
      broken((g) => {
        delete g.nodes[3].data.name;
        g.nodes.push({ id: 'out2', type: 'response-output', data: { type: 'text' } });
        g.edges.push({
          id: 'e5',
          source: 'prompt',
          sourceHandle: 'text',
          target: 'out2',
          targetHandle: 'value',
        });
      }),
      [
        {
          path: 'nodes[3].data.name',
          message: 'is required when a workflow has several response-output nodes',
        },
        {
          path: 'nodes[4].data.name',
          message: 'is required when a workflow has several response-output nodes',
        },
      ],
    ],
    [
      'several outputs with one name',
      broken((g) => {
        g.nodes.push({ id: 'out2', type: 'response-output', data: { type: 'text', name: 'picture' } });
        g.edges.push({
          id: 'e5',
          source: 'prompt',
          sourceHandle: 'text',
          target: 'out2',
          targetHandle: 'value',
        });
      }),
      [{ path: 'nodes[4].data.name', message: 'duplicate output name "picture" (also nodes[3])' }],
    ],
    [
      'a bad field (details in validate-fields.spec)',
      broken((g) => (g.nodes[0].data.fields[1].name = 'my size')),
      [
        {
          path: 'nodes[0].data.fields[1].name',
          message: 'must be a string matching ^[a-zA-Z_][a-zA-Z0-9_]*$',
        },
        {
          path: 'edges[2].sourceHandle',
          message: 'node "in" (request-input) has no output handle "size"; its outputs: "subject", "my size"',
        },
      ],
    ],
    [
      'a bad image op (details in validate-image-ops.spec)',
      broken((g) =>
        g.nodes.push({ id: 'thumb', type: 'image-transform', data: { ops: [{ op: 'sharpen' }] } }),
      ),
      [
        { path: 'nodes[4].data.ops[0].op', message: expect.stringMatching(/^must be one of "resize"/) },
        { path: 'nodes[4]', message: 'required input "image" is not connected' },
      ],
    ],
    [
      'a bad http-request (details in validate-http-node.spec)',
      broken((g) =>
        g.nodes.push({
          id: 'call',
          type: 'http-request',
          data: { method: 'TRACE', url: 'https://x.example' },
        }),
      ),
      [{ path: 'nodes[4].data.method', message: expect.stringMatching(/^must be one of "GET"/) }],
    ],
  ])('%s', (_case, doc, expected) => {
    expect(validateWorkflowGraph(doc, lookupModel)).toEqual(expected);
  });

  it(`accepts ${MAX_NODES} nodes and refuses more, alone`, () => {
    const atLimit = broken((g) => {
      for (let i = g.nodes.length; i < MAX_NODES; i++)
        g.nodes.push({ id: `t${i}`, type: 'template', data: { template: 'x' } });
    });
    expect(validateWorkflowGraph(atLimit, lookupModel)).toEqual([]);
    atLimit.nodes.push({ id: 'one-more', type: 'template', data: { template: 'x' } });
    expect(validateWorkflowGraph(atLimit, lookupModel)).toEqual([
      { path: 'nodes', message: `must have at most ${MAX_NODES} nodes, got ${MAX_NODES + 1}` },
    ]);
  });

  it('reports several problems at once', () => {
    const doc = broken((g) => {
      g.nodes[2].data.params = { num_images: 0 };
      g.nodes[3].data.type = 'pdf';
    });
    expect(validateWorkflowGraph(doc, lookupModel).map((d) => d.path)).toEqual([
      'nodes[2].data.params.num_images',
      'nodes[3].data.type',
    ]);
  });
});
