import type { Field, ValidationDetail } from '../workflow.types';
import { validateRunInputs } from './validate-inputs';

const fields: Field[] = [
  { name: 'prompt', type: 'text', required: true, maxLength: 10 },
  { name: 'notes', type: 'textarea' },
  { name: 'count', type: 'number', min: 1, max: 4, default: 1 },
  { name: 'strength', type: 'slider', min: 0, max: 1 },
  { name: 'style', type: 'pills', options: ['photo', 'sketch', 2], default: 'photo' },
  { name: 'hd', type: 'toggle', default: false },
  { name: 'photo', type: 'image' },
  { name: 'clip', type: 'video' },
  { name: 'voice', type: 'audio' },
  { name: 'extra', type: 'json' },
];

describe('validateRunInputs', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'defaults fill omitted optional fields',
      { prompt: 'cat' },
      { prompt: 'cat', count: 1, style: 'photo', hd: false },
    ],
    [
      'given values win over defaults',
      { prompt: 'cat', count: 4, style: 2, hd: true, strength: 0 },
      { prompt: 'cat', count: 4, style: 2, hd: true, strength: 0 },
    ],
    [
      'media and json',
      {
        prompt: 'cat',
        photo: 'data:image/jpeg;base64,/9j/4AAQ',
        clip: 'https://cdn.example.com/v.mp4',
        voice: 'https://cdn.example.com/a.wav',
        extra: null,
      },
      {
        prompt: 'cat',
        photo: 'data:image/jpeg;base64,/9j/4AAQ',
        clip: 'https://cdn.example.com/v.mp4',
        voice: 'https://cdn.example.com/a.wav',
        extra: null,
        count: 1,
        style: 'photo',
        hd: false,
      },
    ],
    [
      'a string at exactly maxLength',
      { prompt: 'x'.repeat(10) },
      { prompt: 'x'.repeat(10), count: 1, style: 'photo', hd: false },
    ],
  ])('accepts %s', (_case, inputs, expected) => {
    expect(validateRunInputs(fields, { inputs })).toEqual({ inputs: expected });
  });

  it.each<[string, unknown, ValidationDetail[]]>([
    ['no body', undefined, [{ path: 'inputs', message: 'is required' }]],
    ['inputs missing', {}, [{ path: 'inputs', message: 'is required' }]],
    ['inputs an array', { inputs: [] }, [{ path: 'inputs', message: 'must be an object, got an array' }]],
    ['inputs null', { inputs: null }, [{ path: 'inputs', message: 'must be an object, got null' }]],
    ['inputs a string', { inputs: 'cat' }, [{ path: 'inputs', message: 'must be an object, got a string' }]],
    [
      'an unknown key',
      { inputs: { prompt: 'cat', seed: 1 } },
      [
        {
          path: 'inputs.seed',
          message:
            'is not an input of this workflow; its inputs: prompt, notes, count, strength, style, hd, photo, clip, voice, extra',
        },
      ],
    ],
    ['a missing required field', { inputs: {} }, [{ path: 'inputs.prompt', message: 'is required' }]],
    [
      'text not a string',
      { inputs: { prompt: 1 } },
      [{ path: 'inputs.prompt', message: 'must be a string, got a number' }],
    ],
    [
      'text over maxLength',
      { inputs: { prompt: 'x'.repeat(11) } },
      [{ path: 'inputs.prompt', message: 'must be at most 10 characters long, got 11' }],
    ],
    [
      'textarea null',
      { inputs: { prompt: 'a', notes: null } },
      [{ path: 'inputs.notes', message: 'must be a string, got null' }],
    ],
    [
      'number a string',
      { inputs: { prompt: 'a', count: '2' } },
      [{ path: 'inputs.count', message: 'must be a finite number, got a string' }],
    ],
    [
      'number below min',
      { inputs: { prompt: 'a', count: 0 } },
      [{ path: 'inputs.count', message: 'must be between 1 and 4, got 0' }],
    ],
    [
      'slider above max',
      { inputs: { prompt: 'a', strength: 1.5 } },
      [{ path: 'inputs.strength', message: 'must be between 0 and 1, got 1.5' }],
    ],
    [
      'pills not an option',
      { inputs: { prompt: 'a', style: 'oil' } },
      [{ path: 'inputs.style', message: 'must be one of "photo", "sketch", 2' }],
    ],
    [
      'pills option of the wrong type',
      { inputs: { prompt: 'a', style: '2' } },
      [{ path: 'inputs.style', message: 'must be one of "photo", "sketch", 2' }],
    ],
    [
      'toggle a string',
      { inputs: { prompt: 'a', hd: 'true' } },
      [{ path: 'inputs.hd', message: 'must be a boolean, got a string' }],
    ],
    [
      'image over http',
      { inputs: { prompt: 'a', photo: 'http://x.example/a.png' } },
      [{ path: 'inputs.photo', message: 'must be an https:// URL or a data:image/...;base64, URL' }],
    ],
    [
      'image data URL without base64',
      { inputs: { prompt: 'a', photo: 'data:image/svg+xml,<svg/>' } },
      [{ path: 'inputs.photo', message: 'must be an https:// URL or a data:image/...;base64, URL' }],
    ],
    [
      'video as a data URL',
      { inputs: { prompt: 'a', clip: 'data:image/png;base64,AAAA' } },
      [{ path: 'inputs.clip', message: 'must be an https:// URL' }],
    ],
    [
      'audio not a URL',
      { inputs: { prompt: 'a', voice: 'voice.wav' } },
      [{ path: 'inputs.voice', message: 'must be an https:// URL' }],
    ],
    [
      'every problem at once',
      { inputs: { count: 9, hd: 1, x: 1 } },
      [
        { path: 'inputs.x', message: expect.stringMatching(/^is not an input of this workflow/) },
        { path: 'inputs.prompt', message: 'is required' },
        { path: 'inputs.count', message: 'must be between 1 and 4, got 9' },
        { path: 'inputs.hd', message: 'must be a boolean, got a number' },
      ],
    ],
  ])('%s', (_case, body, expected) => {
    expect(validateRunInputs(fields, body)).toEqual({ details: expected });
  });

  describe('a workflow without a request-input', () => {
    it('accepts only the empty object', () => {
      expect(validateRunInputs([], { inputs: {} })).toEqual({ inputs: {} });
      expect(validateRunInputs([], { inputs: { a: 1 } })).toEqual({
        details: [{ path: 'inputs.a', message: 'is not an input of this workflow, which takes none' }],
      });
    });
  });

  it('quotes odd unknown keys in the path', () => {
    expect(validateRunInputs([], { inputs: { 'a b': 1 } })).toEqual({
      details: [{ path: 'inputs["a b"]', message: 'is not an input of this workflow, which takes none' }],
    });
  });

  describe('media URLs follow the server policy', () => {
    const media: Field[] = [
      { name: 'photo', type: 'image' },
      { name: 'clip', type: 'video' },
    ];
    const lan = { allowHttp: true };

    it('accepts http:// when http targets are allowed', () => {
      const inputs = { photo: 'http://10.0.0.5/a.png', clip: 'http://nas.lan/v.mp4' };
      expect(validateRunInputs(media, { inputs }, lan)).toEqual({ inputs });
    });

    it('refuses http:// otherwise, saying https', () => {
      expect(validateRunInputs(media, { inputs: { clip: 'http://nas.lan/v.mp4' } })).toEqual({
        details: [{ path: 'inputs.clip', message: 'must be an https:// URL' }],
      });
    });

    it('refuses other schemes and relative URLs whatever the policy', () => {
      expect(
        validateRunInputs(media, { inputs: { photo: 'ftp://nas.lan/a.png', clip: 'nas.lan/v.mp4' } }, lan),
      ).toEqual({
        details: [
          {
            path: 'inputs.photo',
            message: 'must be an https:// or http:// URL or a data:image/...;base64, URL',
          },
          { path: 'inputs.clip', message: 'must be an https:// or http:// URL' },
        ],
      });
    });

    it("accepts this server's own media URLs whatever their scheme", () => {
      const own = {
        allowHttp: false,
        isOwnMedia: (url: string) => url.startsWith('http://localhost:3000/media/'),
      };
      const inputs = { photo: 'http://localhost:3000/media/2026/01/01/x.png' };
      expect(validateRunInputs(media, { inputs }, own)).toEqual({ inputs });
    });
  });
});
