import Ajv2020 from 'ajv/dist/2020';
import type { Field } from '../workflow.types';
import { buildInputSchema, defaultValues, JSON_SCHEMA_2020_12 } from './input-schema';

const fields: Field[] = [
  {
    name: 'prompt',
    type: 'textarea',
    label: 'Prompt',
    description: 'What to draw',
    required: true,
    maxLength: 500,
  },
  { name: 'title', type: 'text', default: 'Untitled' },
  { name: 'count', type: 'number', min: 1, max: 4, default: 1 },
  { name: 'strength', type: 'slider', min: 0, max: 1, step: 0.1 },
  { name: 'style', type: 'pills', options: ['photo', 'sketch'], default: 'photo' },
  { name: 'hd', type: 'toggle', default: false },
  { name: 'photo', type: 'image' },
  { name: 'clip', type: 'video' },
  { name: 'voice', type: 'audio' },
  { name: 'extra', type: 'json' },
];

/** `format: uri` is an annotation here; Ajv in strict mode wants every format it meets registered. */
function compile(schema: object) {
  const ajv = new Ajv2020();
  ajv.addFormat('uri', true);
  return ajv.compile(schema);
}

describe('buildInputSchema', () => {
  const schema = buildInputSchema(fields);

  it('is a closed 2020-12 object schema with the required fields listed', () => {
    expect(schema).toMatchObject({
      $schema: JSON_SCHEMA_2020_12,
      type: 'object',
      required: ['prompt'],
      additionalProperties: false,
    });
    expect(Object.keys(schema.properties)).toEqual(fields.map((field) => field.name));
  });

  it.each<[string, object]>([
    ['prompt', { title: 'Prompt', description: 'What to draw', type: 'string', maxLength: 500 }],
    ['title', { title: 'title', type: 'string', default: 'Untitled' }],
    ['count', { title: 'count', type: 'number', minimum: 1, maximum: 4, default: 1 }],
    ['strength', { title: 'strength', type: 'number', minimum: 0, maximum: 1 }],
    ['style', { title: 'style', enum: ['photo', 'sketch'], default: 'photo' }],
    ['hd', { title: 'hd', type: 'boolean', default: false }],
    ['photo', { title: 'photo', type: 'string', format: 'uri', pattern: '^(https://|data:image/)' }],
    ['clip', { title: 'clip', type: 'string', format: 'uri', pattern: '^https://' }],
    ['voice', { title: 'voice', type: 'string', format: 'uri', pattern: '^https://' }],
    ['extra', { title: 'extra' }],
  ])('describes %s', (name, expected) => {
    expect(schema.properties[name]).toEqual(expected);
  });

  it('compiles with Ajv 2020 and agrees with the run rules on samples', () => {
    const validate = compile(schema);
    const cases: Array<[unknown, boolean]> = [
      [{ prompt: 'a cat' }, true],
      [
        { prompt: 'a cat', photo: 'data:image/png;base64,AAAA', clip: 'https://x.example/v.mp4', extra: [1] },
        true,
      ],
      [{}, false],
      [{ prompt: 'a cat', surprise: 1 }, false],
      [{ prompt: 'x'.repeat(501) }, false],
      [{ prompt: 'a', count: 5 }, false],
      [{ prompt: 'a', style: 'oil' }, false],
      [{ prompt: 'a', hd: 'yes' }, false],
      [{ prompt: 'a', clip: 'data:image/png;base64,AAAA' }, false],
      [{ prompt: 'a', photo: 'http://x.example/a.png' }, false],
    ];
    for (const [inputs, ok] of cases) expect([inputs, validate(inputs)]).toEqual([inputs, ok]);
  });

  it('admits http:// media URLs when the server allows http targets, as the run rules do', () => {
    const lan = buildInputSchema(fields, { allowHttp: true });
    expect(lan.properties.clip).toMatchObject({ pattern: '^https?://' });
    const validate = compile(lan);
    expect(validate({ prompt: 'a', photo: 'http://nas.lan/a.png', clip: 'http://nas.lan/v.mp4' })).toBe(true);
    expect(validate({ prompt: 'a', photo: 'ftp://nas.lan/a.png' })).toBe(false);
  });

  it('describes a workflow without inputs as the empty object only', () => {
    const empty = buildInputSchema([]);
    expect(empty).toEqual({
      $schema: JSON_SCHEMA_2020_12,
      type: 'object',
      properties: {},
      required: [],
      additionalProperties: false,
    });
    const validate = compile(empty);
    expect(validate({})).toBe(true);
    expect(validate({ a: 1 })).toBe(false);
  });
});

describe('defaultValues', () => {
  it.each<[string, Field[], Record<string, unknown>]>([
    [
      'only fields with a default, falsy ones included',
      fields,
      { title: 'Untitled', count: 1, style: 'photo', hd: false },
    ],
    ['none', [], {}],
  ])('%s', (_case, given, expected) => {
    expect(defaultValues(given)).toEqual(expected);
  });
});
