import { isValidSlug, slugFromName, withCollisionSuffix } from './slug';

describe('isValidSlug', () => {
  it.each<[unknown, boolean]>([
    ['my-flow', true],
    ['a', true],
    ['flow2', true],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
    ['', false],
    ['My-Flow', false],
    ['-flow', false],
    ['flow-', false],
    ['my--flow', false],
    ['my_flow', false],
    ['café', false],
    [42, false],
    [undefined, false],
  ])('%p → %p', (slug, expected) => {
    expect(isValidSlug(slug)).toBe(expected);
  });
});

describe('slugFromName', () => {
  it.each<[string, string]>([
    ['My Flow', 'my-flow'],
    ['  Image -> Thumbnail!!  ', 'image-thumbnail'],
    ['Café Déjà-Vu', 'cafe-deja-vu'],
    ['Ærø Straße', 'aero-strasse'],
    ['Łódź', 'lodz'],
    ['snake_case_name', 'snake-case-name'],
    ['v2.0 release', 'v2-0-release'],
    ['', 'untitled-workflow'],
    ['!!!', 'untitled-workflow'],
    ['日本語', 'untitled-workflow'],
    ['a'.repeat(70), 'a'.repeat(64)],
    [`${'a'.repeat(63)} b`, 'a'.repeat(63)],
  ])('%p → %p', (name, expected) => {
    const slug = slugFromName(name);
    expect(slug).toBe(expected);
    expect(isValidSlug(slug)).toBe(true);
  });
});

describe('withCollisionSuffix', () => {
  it.each<[string, number, string]>([
    ['my-flow', 1, 'my-flow'],
    ['my-flow', 2, 'my-flow-2'],
    ['my-flow', 13, 'my-flow-13'],
    ['a'.repeat(64), 2, `${'a'.repeat(62)}-2`],
    ['a'.repeat(64), 100, `${'a'.repeat(60)}-100`],
    [`${'a'.repeat(61)}-bc`, 2, `${'a'.repeat(61)}-2`],
  ])('%p, %p → %p', (base, n, expected) => {
    const slug = withCollisionSuffix(base, n);
    expect(slug).toBe(expected);
    expect(isValidSlug(slug)).toBe(true);
  });

  it.each([0, -1, 1.5, NaN])('refuses counter %p', (n) => {
    expect(() => withCollisionSuffix('flow', n)).toThrow(RangeError);
  });
});
