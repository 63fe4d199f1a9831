import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('requestFingerprint', () => {
  it('ignores key order', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
    expect(requestFingerprint('POST', '/p', {}, { a: 1, b: 2 })).toBe(
      requestFingerprint('post', '/p', {}, { b: 2, a: 1 }),
    );
  });

  it.each<[string, Parameters<typeof requestFingerprint>]>([
    ['method', ['PUT', '/p', {}, { a: 1 }]],
    ['path', ['POST', '/q', {}, { a: 1 }]],
    ['query', ['POST', '/p', { async: 'true' }, { a: 1 }]],
    ['body', ['POST', '/p', {}, { a: 2 }]],
  ])('differs when the %s differs', (_what, args) => {
    expect(requestFingerprint(...args)).not.toBe(requestFingerprint('POST', '/p', {}, { a: 1 }));
  });
});
