import { describeNetworkFailure, TARGET_NOT_ALLOWED } from './network-failure';

/** Errors shaped like undici's: a TypeError('fetch failed'-ish) whose `cause` carries the socket error's code. */
function failure(code: string, message: string): Error {
  return Object.assign(new Error('request failed'), { cause: Object.assign(new Error(message), { code }) });
}

describe('describeNetworkFailure', () => {
  it.each([
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND vm', TARGET_NOT_ALLOWED],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN vm', TARGET_NOT_ALLOWED],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      '80FC:error:0A00010B:SSL routines:ssl3_get_record:wrong version number',
      'request to vm failed: TLS handshake failed',
    ],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'request to vm failed: TLS handshake failed'],
    ['CERT_HAS_EXPIRED', 'certificate has expired', 'request to vm failed: TLS handshake failed'],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'Hostname/IP does not match',
      'request to vm failed: TLS handshake failed',
    ],
    ['ECONNREFUSED', 'connect ECONNREFUSED 10.1.2.3:443', 'request to vm failed: connection refused'],
    ['UND_ERR_SOCKET', 'other side closed', 'request to vm failed: connection closed'],
    ['EWHATEVER', 'something odd at 10.1.2.3', 'request to vm failed'],
  ])('%s: tells the caller only %p', (code, message, expected) => {
    const described = describeNetworkFailure(failure(code, message), 'vm');
    expect(described.message).toBe(expected);
    expect(described.detail).toContain(code);
    expect(described.detail).toContain(message);
  });

  it('never lets library text through to the message', () => {
    const described = describeNetworkFailure(new Error('connect to 10.9.8.7 failed: SSL alert 42'), 'vm');
    expect(described).toEqual({
      message: 'request to vm failed',
      detail: 'request to vm failed: connect to 10.9.8.7 failed: SSL alert 42',
    });
  });
});
