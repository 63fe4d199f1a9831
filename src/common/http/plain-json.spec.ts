import { findJsonHazard, MAX_JSON_DEPTH } from './plain-json';

const nest = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
};

describe('findJsonHazard', () => {
  it.each([
    ['a number', 1],
    ['null', null],
    ['an object of scalars', { a: 1, b: 'x', c: null, d: true }],
    ['a well-formed surrogate pair', { emoji: '\ud83d\ude00' }],
    ['keys that only contain reserved words', { constructorName: 1, proto: 2, my_prototype: 3 }],
    [`${MAX_JSON_DEPTH} levels`, nest(MAX_JSON_DEPTH)],
  ])('accepts %s', (_name, value) => {
    expect(findJsonHazard(value)).toBeNull();
  });

  it.each([
    [`${MAX_JSON_DEPTH + 1} levels`, nest(MAX_JSON_DEPTH + 1), /nests deeper than 64/],
    ['100 000 levels', JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), /nests deeper/],
    ['a lone high surrogate', { email: 'a\ud800@example.com' }, /lone surrogate/],
    ['a lone low surrogate in an array', ['ok', '\udc00'], /lone surrogate/],
    ['a lone surrogate in a key', { '\ud800': 1 }, /key with a lone surrogate/],
    ['a top-level string with a lone surrogate', '\udfff', /lone surrogate/],
  ])('refuses %s', (_name, value, message) => {
    expect(findJsonHazard(value)?.message).toMatch(message);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s wherever it is', (key) => {
    const parsed = JSON.parse(`{"nodes":[{"data":{"${key}":{"x":1}}}]}`);
    expect(findJsonHazard(parsed)).toEqual({
      path: `nodes[0].data.${key}`,
      message: 'is a reserved key name',
    });
  });

  it('names the path of what it found', () => {
    expect(findJsonHazard({ inputs: { 'odd key': ['x', '\ud800'] } })?.path).toBe('inputs["odd key"][1]');
  });
});
