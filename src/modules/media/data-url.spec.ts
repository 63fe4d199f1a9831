import { TargetRefusedError } from '../../common/net/net.types';
import { decodeDataUrl } from './data-url';

describe('decodeDataUrl', () => {
  const MAX = 1024;

  it('decodes base64 with its content type', () => {
    const data = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
    expect(decodeDataUrl(`data:image/png;base64,${data.toString('base64')}`, MAX)).toEqual({
      data,
      contentType: 'image/png',
    });
  });

  it('decodes percent-encoded text, bytes included', () => {
    expect(decodeDataUrl('data:text/plain;charset=utf-8,hello%20w%C3%B6rld', MAX)).toEqual({
      data: Buffer.from('hello wörld'),
      contentType: 'text/plain',
    });
    expect(decodeDataUrl('data:application/octet-stream,%FF%00', MAX).data).toEqual(Buffer.from([0xff, 0]));
  });

  it('defaults to text/plain and tolerates whitespace and percent-encoding in base64', () => {
    expect(decodeDataUrl('data:,abc', MAX)).toEqual({ data: Buffer.from('abc'), contentType: 'text/plain' });
    expect(decodeDataUrl('data:;base64,aGVs%0AbG8=', MAX).data.toString()).toBe('hello');
  });

  it.each([
    ['data:image/png;base64', /malformed/],
    ['data:image/png;base64,***', /invalid base64/],
    [`data:text/plain,${'a'.repeat(MAX + 1)}`, /too large/],
    [`data:;base64,${Buffer.alloc(MAX + 1).toString('base64')}`, /too large/],
  ])('refuses %#', (url, message) => {
    expect(() => decodeDataUrl(url, MAX)).toThrow(TargetRefusedError);
    expect(() => decodeDataUrl(url, MAX)).toThrow(message);
  });
});
