import { extractPlaceholders, renderedByteLength, renderTemplate } from './placeholders';

describe('extractPlaceholders', () => {
  it.each<[string, string, string[]]>([
    ['no placeholders', 'plain text', []],
    ['one', 'Hello {{name}}', ['name']],
    ['whitespace inside the braces', 'Hello {{  name\t}}', ['name']],
    ['unique, in order of first appearance', '{{b}} {{a}} {{ b }}', ['b', 'a']],
    ['underscores and digits', '{{_x1}} {{snake_case}}', ['_x1', 'snake_case']],
    ['a name may not start with a digit', '{{1abc}}', []],
    ['dashes and dots are not names', '{{a-b}} {{a.b}}', []],
    ['single braces are text', '{name}', []],
    ['empty braces are text', '{{}} {{ }}', []],
    ['triple braces still hold the inner placeholder', '{{{x}}}', ['x']],
  ])('%s', (_case, text, expected) => {
    expect(extractPlaceholders(text)).toEqual(expected);
  });

  it('gives the same answer when called twice (no regex state leaks)', () => {
    expect(extractPlaceholders('{{a}}')).toEqual(['a']);
    expect(extractPlaceholders('{{a}}')).toEqual(['a']);
  });
});

describe('renderTemplate', () => {
  it.each<[string, string, Record<string, unknown>, string]>([
    ['a string as is', 'Hi {{name}}!', { name: 'Ada "L"' }, 'Hi Ada "L"!'],
    ['whitespace inside the braces', 'Hi {{ name }}', { name: 'Ada' }, 'Hi Ada'],
    ['a number as JSON', 'n={{n}}', { n: 4.5 }, 'n=4.5'],
    ['a boolean as JSON', '{{b}}', { b: false }, 'false'],
    ['an object as JSON', '{{o}}', { o: { a: [1, 'x'] } }, '{"a":[1,"x"]}'],
    ['null as JSON', '{{v}}', { v: null }, 'null'],
    ['a missing value as nothing', '[{{missing}}]', {}, '[]'],
    ['an undefined value as nothing', '[{{u}}]', { u: undefined }, '[]'],
    ['every occurrence', '{{a}}{{a}}', { a: 'x' }, 'xx'],
    ['inherited keys are not values', '[{{constructor}}]', {}, '[]'],
    ['non-placeholders untouched', '{{1x}} {x}', { x: 'y' }, '{{1x}} {x}'],
  ])('%s', (_case, text, values, expected) => {
    expect(renderTemplate(text, values)).toBe(expected);
  });
});

describe('renderedByteLength', () => {
  it.each<[string, Record<string, unknown>]>([
    ['Hi {{name}}!', { name: 'Ada "L"' }],
    ['{{a}}{{a}} and {{ b }}', { a: 'héllo ✓', b: { n: [1, 2] } }],
    ['[{{missing}}] {{1x}}', {}],
    ['no placeholders at all ✓', {}],
  ])('is the UTF-8 length of the rendered %p, without building it', (text, values) => {
    expect(renderedByteLength(text, values)).toBe(Buffer.byteLength(renderTemplate(text, values), 'utf8'));
  });

  it('stops as soon as the text is past the limit', () => {
    const bomb = '{{p}}'.repeat(100_000);
    const counted = renderedByteLength(bomb, { p: 'x'.repeat(5000) }, 1024 * 1024);
    expect(counted).toBeGreaterThan(1024 * 1024);
    expect(counted).toBeLessThan(1024 * 1024 + 5000 + 1);
  });
});
