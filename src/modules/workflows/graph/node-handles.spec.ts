import type { NodeType, WorkflowNode } from '../workflow.types';
import { inputHandles, outputHandles, placeholderSources, requiredInputHandles } from './node-handles';
import { lookupModel } from './testing/models.fixture';

const node = (type: NodeType, data: Record<string, unknown>): WorkflowNode => ({ id: 'n', type, data });

describe('node handles', () => {
  it.each<[string, WorkflowNode, string[], string[], string[]]>([
    [
      'request-input: one output per field',
      node('request-input', {
        fields: [
          { name: 'prompt', type: 'text' },
          { name: 'size', type: 'number' },
        ],
      }),
      [],
      [],
      ['prompt', 'size'],
    ],
    ['request-input without fields', node('request-input', {}), [], [], []],
    [
      'model: inputs and params; required inputs unless required: false',
      node('model', { model: 'sandbox-text' }),
      ['prompt', 'system', 'latencyMs', 'fail'],
      ['prompt'],
      ['out'],
    ],
    [
      'model: a required param without default is required until data.params sets it',
      node('model', { model: 'seeded-text' }),
      ['prompt', 'system', 'seed'],
      ['prompt', 'seed'],
      ['out'],
    ],
    [
      'model: a required param set in data.params',
      node('model', { model: 'seeded-text', params: { seed: 3 } }),
      ['prompt', 'system', 'seed'],
      ['prompt'],
      ['out'],
    ],
    ['model: unknown model has no inputs', node('model', { model: 'nope' }), [], [], ['out']],
    [
      'template: one input per placeholder',
      node('template', { template: '{{a}} and {{ b }} and {{a}}' }),
      ['a', 'b'],
      ['a', 'b'],
      ['text'],
    ],
    ['template: not a string', node('template', { template: 3 }), [], [], ['text']],
    ['image-transform', node('image-transform', { ops: [] }), ['image'], ['image'], ['image']],
    [
      'http-request: placeholders of url, header values and a string body',
      node('http-request', {
        method: 'POST',
        url: 'https://api.example.com/{{path}}',
        headers: { Authorization: 'Bearer {{token}}', 'X-Path': '{{path}}' },
        body: 'q={{query}}',
      }),
      ['path', 'token', 'query'],
      ['path', 'token', 'query'],
      ['response'],
    ],
    [
      'http-request: placeholders in the JSON text of an object body',
      node('http-request', { method: 'POST', url: 'https://x.example', body: { q: '{{query}}', n: [1] } }),
      ['query'],
      ['query'],
      ['response'],
    ],
    ['response-output', node('response-output', { type: 'text' }), ['value'], ['value'], []],
  ])('%s', (_case, subject, inputs, required, outputs) => {
    expect(inputHandles(subject, lookupModel)).toEqual(inputs);
    expect(requiredInputHandles(subject, lookupModel)).toEqual(required);
    expect(outputHandles(subject)).toEqual(outputs);
  });

  it('names where each placeholder text sits', () => {
    const subject = node('http-request', {
      url: 'https://x.example/{{a}}',
      headers: { 'x-key': '{{b}}', Accept: 'text/plain' },
      body: { c: '{{c}}' },
    });
    expect(placeholderSources(subject)).toEqual([
      { at: 'url', text: 'https://x.example/{{a}}' },
      { at: 'headers["x-key"]', text: '{{b}}' },
      { at: 'headers.Accept', text: 'text/plain' },
      { at: 'body', text: '{"c":"{{c}}"}' },
    ]);
  });
});
