import { jsonBytes, outputBytes } from './output-size';

describe('jsonBytes', () => {
  it.each<[string, unknown]>([
    ['a string', 'plain'],
    ['a string needing escapes', 'a "quote", a \\ and a\nnewline \u0001'],
    ['multibyte text', 'héllo ✓ 🦊'],
    ['numbers', [0, -1.5, 1e300, NaN, Infinity]],
    ['literals', [true, false, null]],
    ['an object', { a: 1, 'odd "key"': [1, { b: 'x' }], skipped: undefined }],
    ['an array with holes of undefined', [undefined, 1]],
    ['empty containers', [{}, []]],
    ['a media ref list', [{ kind: 'image', url: 'https://m.example/a.png', contentType: 'image/png' }]],
  ])('is the UTF-8 length of JSON.stringify for %s', (_case, value) => {
    expect(jsonBytes(value, Number.POSITIVE_INFINITY)).toBe(Buffer.byteLength(JSON.stringify(value), 'utf8'));
  });

  it('stops counting once past the limit', () => {
    const many = Array.from({ length: 100_000 }, () => 'x'.repeat(100));
    const counted = jsonBytes(many, 1000);
    expect(counted).toBeGreaterThan(1000);
    expect(counted).toBeLessThan(JSON.stringify(many).length / 50); // it walked almost none of it
  });

  it('measures nesting far deeper than the call stack allows', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(jsonBytes(deep, Number.POSITIVE_INFINITY)).toBe(200_000 * 2 + 6);
  });
});

describe('outputBytes', () => {
  it('counts text as its UTF-8 bytes and anything else as JSON', () => {
    expect(outputBytes('✓✓', 100)).toBe(6);
    expect(outputBytes({ a: '✓' }, 100)).toBe(Buffer.byteLength('{"a":"✓"}'));
  });
});
