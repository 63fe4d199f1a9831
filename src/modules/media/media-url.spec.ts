import { contentTypeFromKey, mediaKeyFromUrl, mediaUrlForKey } from './media-url';

const KEY = '2026/11/29/0b8e7c5e-3f0a-4c55-9d7e-2f1f9a1b2c3d.png';

describe('mediaKeyFromUrl', () => {
  it.each([
    [`http://localhost:3000/media/${KEY}`, 'http://localhost:3000', KEY],
    [`http://localhost:3000/media/${KEY}?v=1#x`, 'http://localhost:3000/', KEY],
    [`https://api.example.com/flowgate/media/${KEY}`, 'https://api.example.com/flowgate', KEY],
    [`https://API.example.com:443/media/${KEY}`, 'https://api.example.com', KEY],
  ])('finds the key in %s (base %s)', (url, base, key) => {
    expect(mediaKeyFromUrl(url, base)).toBe(key);
  });

  it.each([
    [`http://localhost:3001/media/${KEY}`, 'other port'],
    [`https://localhost:3000/media/${KEY}`, 'other scheme'],
    [`http://evil.example/media/${KEY}`, 'other host'],
    [`http://localhost:3000/other/${KEY}`, 'other path'],
    ['http://localhost:3000/media/../../etc/passwd', 'traversal'],
    ['http://localhost:3000/media/2026/11/29/%2e%2e%2fsecret.png', 'encoded traversal'],
    ['not a url', 'garbage'],
  ])('answers null for %s (%s)', (url) => {
    expect(mediaKeyFromUrl(url, 'http://localhost:3000')).toBeNull();
  });

  it('round-trips with mediaUrlForKey', () => {
    const base = 'https://api.example.com/flowgate/';
    expect(mediaKeyFromUrl(mediaUrlForKey(KEY, base), base)).toBe(KEY);
  });
});

describe('contentTypeFromKey', () => {
  it.each([
    ['a/b.png', 'image/png'],
    ['a/b.jpg', 'image/jpeg'],
    ['a/b.webp', 'image/webp'],
    ['a/b.gif', 'image/gif'],
    ['a/b.avif', 'image/avif'],
    ['a/b.wav', 'audio/wav'],
    ['a/b.mp4', 'video/mp4'],
    ['a/b.json', 'application/json'],
    ['a/b.txt', 'text/plain; charset=utf-8'],
    ['a/b.bin', 'application/octet-stream'],
    ['a/b', 'application/octet-stream'],
  ])('%s → %s', (key, type) => {
    expect(contentTypeFromKey(key)).toBe(type);
  });
});
