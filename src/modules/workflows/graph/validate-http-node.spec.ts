import type { ValidationDetail } from '../workflow.types';
import { validateHttpRequestData } from './validate-http-node';

const path = 'nodes[2].data';
const valid = {
  method: 'POST',
  url: 'https://api.example.com/{{id}}',
  headers: { 'Content-Type': 'application/json' },
  body: { q: '{{q}}' },
  responseType: 'json',
  timeoutMs: 5000,
};

describe('validateHttpRequestData', () => {
  it.each<[string, Record<string, unknown>]>([
    ['every option', valid],
    ['the least: a url (the method defaults to GET)', { url: 'https://example.com' }],
    ['a url made by a placeholder', { method: 'GET', url: '{{target}}' }],
    [
      'a plain-http url (allowed or not is decided at run time)',
      { method: 'HEAD', url: 'http://example.com' },
    ],
    ['a string body', { method: 'PUT', url: 'https://x.example', body: 'raw {{text}}' }],
    ['a null body with GET', { method: 'GET', url: 'https://x.example', body: null }],
  ])('accepts %s', (_case, data) => {
    expect(validateHttpRequestData(data, path)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, ValidationDetail[]]>([
    [
      'an unknown method',
      { method: 'TRACE', url: 'https://x.example' },
      [{ path: `${path}.method`, message: 'must be one of "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"' }],
    ],
    [
      'a lowercase method',
      { ...valid, method: 'post' },
      [{ path: `${path}.method`, message: expect.stringMatching(/^must be one of "GET"/) }],
    ],
    ['no url', { method: 'GET' }, [{ path: `${path}.url`, message: 'must be a string, got undefined' }]],
    ['a blank url', { method: 'GET', url: '  ' }, [{ path: `${path}.url`, message: 'must not be empty' }]],
    [
      'a url without scheme',
      { method: 'GET', url: 'example.com/x' },
      [{ path: `${path}.url`, message: 'must start with https:// (or http://, or a {{placeholder}})' }],
    ],
    [
      'a ftp url',
      { method: 'GET', url: 'ftp://example.com' },
      [{ path: `${path}.url`, message: expect.stringMatching(/^must start with https:\/\//) }],
    ],
    [
      'headers not an object',
      { ...valid, headers: ['a'] },
      [{ path: `${path}.headers`, message: 'must be an object of strings, got an array' }],
    ],
    [
      'a header value not a string',
      { ...valid, headers: { 'X-Count': 3 } },
      [{ path: `${path}.headers["X-Count"]`, message: 'must be a string, got a number' }],
    ],
    [
      'a bad header name',
      { ...valid, headers: { 'Bad Header': 'x' } },
      [{ path: `${path}.headers["Bad Header"]`, message: 'is not a valid header name' }],
    ],
    [
      'a body with GET',
      { method: 'GET', url: 'https://x.example', body: 'x' },
      [{ path: `${path}.body`, message: 'must be omitted for a GET request' }],
    ],
    [
      'a body with the default method',
      { url: 'https://x.example', body: 'x' },
      [{ path: `${path}.body`, message: 'must be omitted for a GET request' }],
    ],
    [
      'a body with HEAD',
      { method: 'HEAD', url: 'https://x.example', body: {} },
      [{ path: `${path}.body`, message: 'must be omitted for a HEAD request' }],
    ],
    [
      'an unknown responseType',
      { ...valid, responseType: 'xml' },
      [{ path: `${path}.responseType`, message: 'must be one of "json", "text"' }],
    ],
    [
      'timeoutMs zero',
      { ...valid, timeoutMs: 0 },
      [{ path: `${path}.timeoutMs`, message: 'must be between 1 and 60000, got 0' }],
    ],
    [
      'timeoutMs too long',
      { ...valid, timeoutMs: 60001 },
      [{ path: `${path}.timeoutMs`, message: 'must be between 1 and 60000, got 60001' }],
    ],
    [
      'timeoutMs a fraction',
      { ...valid, timeoutMs: 1.5 },
      [{ path: `${path}.timeoutMs`, message: 'must be an integer, got a number' }],
    ],
  ])('%s', (_case, data, expected) => {
    expect(validateHttpRequestData(data, path)).toEqual(expected);
  });
});
