import { readPointer } from './json-pointer';

describe('readPointer', () => {
  const doc = { data: { taskId: 't1', list: ['a', 'b'], 'a/b': 1, resultJson: '{"resultUrls":["u1"]}' } };

  it('follows objects and arrays', () => {
    expect(readPointer(doc, '/data/taskId')).toBe('t1');
    expect(readPointer(doc, '/data/list/1')).toBe('b');
    expect(readPointer(doc, '/data/a~1b')).toBe(1);
    expect(readPointer(doc, '')).toBe(doc);
  });

  it('goes on into a string that holds JSON', () => {
    expect(readPointer(doc, '/data/resultJson/resultUrls/0')).toBe('u1');
  });

  it('answers undefined for a missing path and refuses a pointer without a leading slash', () => {
    expect(readPointer(doc, '/data/nothing/deeper')).toBeUndefined();
    expect(readPointer(doc, '/data/list/x')).toBeUndefined();
    expect(() => readPointer(doc, 'data')).toThrow('must start with');
  });
});
