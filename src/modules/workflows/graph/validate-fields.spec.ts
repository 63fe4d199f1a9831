import type { ValidationDetail } from '../workflow.types';
import { validateRequestInputData } from './validate-fields';

const at = (index: number, tail = '') => `nodes[0].data.fields[${index}]${tail}`;
const check = (fields: unknown) => validateRequestInputData({ fields }, 'nodes[0].data');

describe('validateRequestInputData', () => {
  it('accepts one field of every type, with defaults', () => {
    expect(
      check([
        { name: 'title', type: 'text', maxLength: 80, default: 'hi', label: 'Title', description: 'shown' },
        { name: 'body', type: 'textarea', required: true },
        { name: 'count', type: 'number', min: 1, max: 4, default: 2 },
        { name: 'strength', type: 'slider', min: 0, max: 1, step: 0.1, default: 0.5 },
        { name: 'style', type: 'pills', options: ['photo', 'sketch', 3], default: 3 },
        { name: 'hd', type: 'toggle', default: false },
        { name: 'photo', type: 'image', default: 'data:image/png;base64,AAAA' },
        { name: 'clip', type: 'video', default: 'https://cdn.example.com/a.mp4' },
        { name: 'voice', type: 'audio' },
        { name: 'extra', type: 'json', default: { any: null } },
      ]),
    ).toEqual([]);
  });

  it.each<[string, unknown, ValidationDetail[]]>([
    [
      'fields not an array',
      'x',
      [{ path: 'nodes[0].data.fields', message: 'must be an array of fields, got a string' }],
    ],
    ['a field not an object', [null], [{ path: at(0), message: 'must be an object, got null' }]],
    [
      'a name that is not an identifier',
      [{ name: '2fast', type: 'text' }],
      [{ path: at(0, '.name'), message: 'must be a string matching ^[a-zA-Z_][a-zA-Z0-9_]*$' }],
    ],
    [
      'a missing name',
      [{ type: 'text' }],
      [{ path: at(0, '.name'), message: 'must be a string matching ^[a-zA-Z_][a-zA-Z0-9_]*$' }],
    ],
    [
      'duplicate names',
      [
        { name: 'a', type: 'text' },
        { name: 'b', type: 'text' },
        { name: 'a', type: 'number' },
      ],
      [{ path: at(2, '.name'), message: 'duplicate field name "a" (also nodes[0].data.fields[0])' }],
    ],
    [
      'an unknown type',
      [{ name: 'a', type: 'date' }],
      [
        {
          path: at(0, '.type'),
          message:
            'must be one of "text", "textarea", "number", "slider", "pills", "toggle", "image", "video", "audio", "json"',
        },
      ],
    ],
    [
      'a label not a string',
      [{ name: 'a', type: 'text', label: 1 }],
      [{ path: at(0, '.label'), message: 'must be a string, got a number' }],
    ],
    [
      'required not a boolean',
      [{ name: 'a', type: 'text', required: 'yes' }],
      [{ path: at(0, '.required'), message: 'must be a boolean, got a string' }],
    ],
    [
      'min not a number',
      [{ name: 'a', type: 'number', min: '1' }],
      [{ path: at(0, '.min'), message: 'must be a finite number, got a string' }],
    ],
    [
      'min above max',
      [{ name: 'a', type: 'number', min: 5, max: 1 }],
      [{ path: at(0, '.max'), message: 'must not be less than min (5)' }],
    ],
    [
      'step not positive',
      [{ name: 'a', type: 'slider', step: 0 }],
      [{ path: at(0, '.step'), message: 'must be greater than 0' }],
    ],
    [
      'maxLength not a positive integer',
      [{ name: 'a', type: 'text', maxLength: 0 }],
      [{ path: at(0, '.maxLength'), message: 'must be a positive integer, got 0' }],
    ],
    [
      'pills without options',
      [{ name: 'a', type: 'pills' }],
      [
        {
          path: at(0, '.options'),
          message: 'must be a non-empty array of strings or numbers for a pills field',
        },
      ],
    ],
    [
      'pills with an object option',
      [{ name: 'a', type: 'pills', options: ['x', {}] }],
      [{ path: at(0, '.options[1]'), message: 'must be a string or a number, got an object' }],
    ],
    [
      'a text default not a string',
      [{ name: 'a', type: 'text', default: 3 }],
      [{ path: at(0, '.default'), message: 'must be a string, got a number' }],
    ],
    [
      'a text default over maxLength',
      [{ name: 'a', type: 'text', maxLength: 2, default: 'abc' }],
      [{ path: at(0, '.default'), message: 'must be at most 2 characters long, got 3' }],
    ],
    [
      'a number default out of range',
      [{ name: 'a', type: 'slider', min: 0, max: 1, default: 2 }],
      [{ path: at(0, '.default'), message: 'must be between 0 and 1, got 2' }],
    ],
    [
      'a pills default not an option',
      [{ name: 'a', type: 'pills', options: ['x'], default: 'y' }],
      [{ path: at(0, '.default'), message: 'must be one of "x"' }],
    ],
    [
      'a toggle default not a boolean',
      [{ name: 'a', type: 'toggle', default: 'true' }],
      [{ path: at(0, '.default'), message: 'must be a boolean, got a string' }],
    ],
    [
      'an image default not a URL',
      [{ name: 'a', type: 'image', default: 'cat.png' }],
      [{ path: at(0, '.default'), message: 'must be an https:// URL or a data:image/...;base64, URL' }],
    ],
    [
      'an audio default over http',
      [{ name: 'a', type: 'audio', default: 'http://x.example/a.wav' }],
      [{ path: at(0, '.default'), message: 'must be an https:// URL' }],
    ],
    [
      'a default is not judged against a broken definition',
      [{ name: 'a', type: 'number', min: 'low', default: 'x' }],
      [{ path: at(0, '.min'), message: 'must be a finite number, got a string' }],
    ],
  ])('%s', (_case, fields, expected) => {
    expect(check(fields)).toEqual(expected);
  });
});
