import { BUILTIN_MODELS } from './builtin-models';
import {
  applyParamDefaults,
  callParamProblems,
  missingRequiredParams,
  validateModelInputs,
  validateModelParams,
  validateRequiredParams,
} from './model-params';
import { sandboxImage, seededText } from '../workflows/graph/testing/models.fixture';

describe('validateModelParams', () => {
  it.each<[string, unknown, Array<{ path: string; message: string | RegExp }>]>([
    ['valid params', { num_images: 4, width: 64, guidance: 7.5, style: 'photo', hd: true, fail: 'boom' }, []],
    ['an empty object', {}, []],
    ['not an object', [1], [{ path: 'params', message: 'must be an object, got an array' }]],
    ['null', null, [{ path: 'params', message: 'must be an object, got null' }]],
    [
      'an unknown key',
      { steps: 3 },
      [
        {
          path: 'params.steps',
          message: /^unknown param for model "sandbox-image"; known params: num_images, width/,
        },
      ],
    ],
    [
      'an odd unknown key is quoted in the path',
      { 'a b': 1 },
      [{ path: 'params["a b"]', message: /^unknown param/ }],
    ],
    [
      'integer given a fraction',
      { num_images: 1.5 },
      [{ path: 'params.num_images', message: 'must be an integer, got a number' }],
    ],
    [
      'integer given a string',
      { width: '512' },
      [{ path: 'params.width', message: 'must be an integer, got a string' }],
    ],
    [
      'number given NaN',
      { guidance: NaN },
      [{ path: 'params.guidance', message: 'must be a finite number, got NaN' }],
    ],
    [
      'number given Infinity',
      { guidance: Infinity },
      [{ path: 'params.guidance', message: 'must be a finite number, got Infinity' }],
    ],
    [
      'boolean given a string',
      { hd: 'true' },
      [{ path: 'params.hd', message: 'must be a boolean, got a string' }],
    ],
    [
      'string given a number',
      { fail: 1 },
      [{ path: 'params.fail', message: 'must be a string, got a number' }],
    ],
    [
      'not among options',
      { style: 'oil' },
      [{ path: 'params.style', message: 'must be one of "photo", "sketch"' }],
    ],
    ['below min', { width: 63 }, [{ path: 'params.width', message: 'must be between 64 and 2048, got 63' }]],
    [
      'above max',
      { num_images: 5 },
      [{ path: 'params.num_images', message: 'must be between 1 and 4, got 5' }],
    ],
    [
      'every problem reported',
      { width: 1, height: 9999 },
      [
        { path: 'params.width', message: 'must be between 64 and 2048, got 1' },
        { path: 'params.height', message: 'must be between 64 and 2048, got 9999' },
      ],
    ],
  ])('%s', (_case, params, expected) => {
    const details = validateModelParams(sandboxImage, params, 'params');
    expect(details).toEqual(
      expected.map(({ path, message }) => ({ path, message: expect.stringMatching(message) })),
    );
  });

  it('reports one-sided ranges', () => {
    const entry = {
      ...sandboxImage,
      params: [
        { name: 'a', type: 'number' as const, min: 0 },
        { name: 'b', type: 'number' as const, max: 1 },
      ],
    };
    expect(validateModelParams(entry, { a: -1, b: 2 }, 'p')).toEqual([
      { path: 'p.a', message: 'must be at least 0, got -1' },
      { path: 'p.b', message: 'must be at most 1, got 2' },
    ]);
  });

  it('uses the prefix for workflow paths', () => {
    expect(validateModelParams(sandboxImage, { width: 1 }, 'nodes[2].data.params')[0].path).toBe(
      'nodes[2].data.params.width',
    );
  });
});

describe('required params', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['missing', {}, ['seed']],
    ['given', { seed: 1 }, []],
  ])('%s', (_case, params, expected) => {
    expect(missingRequiredParams(seededText, params)).toEqual(expected);
    expect(validateRequiredParams(seededText, params, 'params')).toEqual(
      expected.map((name) => ({ path: `params.${name}`, message: 'is required' })),
    );
  });

  it('a required param with a default is never missing', () => {
    const entry = {
      ...seededText,
      params: [{ name: 'seed', type: 'integer' as const, required: true, default: 7 }],
    };
    expect(missingRequiredParams(entry, {})).toEqual([]);
  });
});

describe('applyParamDefaults', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['fills every default', {}, { num_images: 1, width: 512, height: 512, hd: false, latencyMs: 0 }],
    [
      'keeps given values, including falsy ones',
      { num_images: 3, hd: true, latencyMs: 0, fail: '' },
      { num_images: 3, width: 512, height: 512, hd: true, latencyMs: 0, fail: '' },
    ],
  ])('%s', (_case, params, expected) => {
    expect(applyParamDefaults(sandboxImage, params)).toEqual(expected);
  });

  it('does not change its argument', () => {
    const params = { width: 100 };
    applyParamDefaults(sandboxImage, params);
    expect(params).toEqual({ width: 100 });
  });
});

describe('validateModelInputs', () => {
  it.each<[string, unknown, Array<{ path: string; message: string | RegExp }>]>([
    ['only the required input', { prompt: 'a cat' }, []],
    ['every input', { prompt: 'a cat', image: 'https://example.com/a.png', extra: { any: ['thing'] } }, []],
    ['an image as a data URL', { prompt: 'x', image: 'data:image/png;base64,iVBORw0KGgo=' }, []],
    ['json takes null', { prompt: 'x', extra: null }, []],
    ['not an object', 'a cat', [{ path: 'inputs', message: 'must be an object, got a string' }]],
    ['missing required input', {}, [{ path: 'inputs.prompt', message: 'is required' }]],
    [
      'unknown key',
      { prompt: 'x', negative: 'y' },
      [
        {
          path: 'inputs.negative',
          message: /^unknown input for model "sandbox-image"; known inputs: prompt, image, extra$/,
        },
      ],
    ],
    [
      'text not a string',
      { prompt: 42 },
      [{ path: 'inputs.prompt', message: 'must be a string, got a number' }],
    ],
    [
      'image over http',
      { prompt: 'x', image: 'http://example.com/a.png' },
      [{ path: 'inputs.image', message: 'must be an https:// URL or a data:image/...;base64, URL' }],
    ],
    [
      'image not a URL',
      { prompt: 'x', image: 'cat.png' },
      [{ path: 'inputs.image', message: /^must be an https:\/\/ URL/ }],
    ],
    [
      'image as a non-image data URL',
      { prompt: 'x', image: 'data:text/plain;base64,aGk=' },
      [{ path: 'inputs.image', message: /^must be an https:\/\/ URL/ }],
    ],
  ])('%s', (_case, inputs, expected) => {
    const details = validateModelInputs(sandboxImage, inputs, 'inputs');
    expect(details).toEqual(
      expected.map(({ path, message }) => ({ path, message: expect.stringMatching(message) })),
    );
  });

  it.each<[string, unknown, string[]]>([
    ['an https video', 'https://cdn.example.com/v.mp4', []],
    ['a data URL is for images only', 'data:video/mp4;base64,AAAA', ['must be an https:// URL']],
    ['a data:image URL is not a video', 'data:image/png;base64,AAAA', ['must be an https:// URL']],
  ])('video input: %s', (_case, clip, messages) => {
    const details = validateModelInputs(
      { ...sandboxImage, inputs: [{ name: 'clip', type: 'video' }] },
      { clip },
      'inputs',
    );
    expect(details.map((d) => d.message)).toEqual(messages);
  });

  it('an optional input may be omitted', () => {
    expect(validateModelInputs(sandboxImage, { prompt: 'x' }, 'inputs')).toEqual([]);
  });
});

describe('callParamProblems', () => {
  const entry = BUILTIN_MODELS.find((model) => model.id === 'sandbox-image')!;

  it('passes the final params of a call that fit their specs', () => {
    expect(callParamProblems(entry, { num_images: 4, width: 64, height: 2048, latencyMs: 0 })).toEqual([]);
  });

  it('names every value out of type or range, whichever node computed it', () => {
    expect(callParamProblems(entry, { num_images: '3', width: 16000, height: 512 })).toEqual([
      'param "num_images" must be an integer, got a string',
      'param "width" must be between 64 and 2048, got 16000',
    ]);
  });
});
