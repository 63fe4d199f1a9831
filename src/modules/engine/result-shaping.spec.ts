import type { MediaRef } from '../media/media.types';
import type { WorkflowNode } from '../workflows/workflow.types';
import { outputName, shapeOutputs, shapeOutputValue, shapeResult } from './result-shaping';

const ref = (url: string): MediaRef => ({ kind: 'image', url });

describe('shapeOutputValue', () => {
  it.each([
    ['a string as is', 'hello', 'hello'],
    ['an object as JSON', { a: 1 }, '{"a":1}'],
    ['a number as JSON', 42, '42'],
    ['nothing as empty text', undefined, ''],
  ])('text: %s', (_name, value, expected) => {
    expect(shapeOutputValue('text', value)).toBe(expected);
  });

  it.each([
    ['a MediaRef', ref('https://m.example/1.png'), ['https://m.example/1.png']],
    [
      'a MediaRef list',
      [ref('https://m.example/1.png'), ref('https://m.example/2.png')],
      ['https://m.example/1.png', 'https://m.example/2.png'],
    ],
    ['a URL', 'https://m.example/1.png', ['https://m.example/1.png']],
    ['a URL list', ['https://m.example/1.png'], ['https://m.example/1.png']],
  ])('image: %s', (_name, value, urls) => {
    expect(shapeOutputValue('image', value)).toEqual({ images: urls });
  });

  it('names the list after the media kind', () => {
    expect(shapeOutputValue('video', 'https://m.example/v.webp')).toEqual({
      videos: ['https://m.example/v.webp'],
    });
    expect(shapeOutputValue('audio', 'https://m.example/a.wav')).toEqual({
      audios: ['https://m.example/a.wav'],
    });
  });

  it('json: the value as is', () => {
    const value = { nested: [1, { b: true }] };
    expect(shapeOutputValue('json', value)).toBe(value);
  });
});

describe('shapeResult', () => {
  const output = (id: string, data: Record<string, unknown>): WorkflowNode => ({
    id,
    type: 'response-output',
    data,
  });

  it('answers the one output value alone', () => {
    const nodes = [output('o1', { type: 'text', name: 'caption' })];
    expect(
      shapeResult(
        nodes,
        shapeOutputs(nodes, () => 'hi'),
      ),
    ).toBe('hi');
  });

  it('keys several outputs by name, falling back to the node id', () => {
    const nodes = [output('o1', { type: 'text', name: 'caption' }), output('o2', { type: 'json' })];
    const shaped = shapeOutputs(nodes, (id) => (id === 'o1' ? 'hi' : [1]));
    expect(shapeResult(nodes, shaped)).toEqual({ caption: 'hi', o2: [1] });
    expect(outputName(nodes[1])).toBe('o2');
  });
});
