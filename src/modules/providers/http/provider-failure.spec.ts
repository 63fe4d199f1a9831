import { describeProviderAnswer, providerMessage, redact } from './provider-failure';

describe('provider failure messages', () => {
  it('reads the usual error shapes', () => {
    expect(providerMessage({ error: { message: 'Invalid model', type: 'invalid_request_error' } })).toBe(
      'Invalid model',
    );
    expect(
      providerMessage({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    ).toBe('Overloaded');
    expect(providerMessage({ detail: [{ msg: 'field required' }] })).toBe('field required');
    expect(providerMessage('Bad Gateway')).toBe('Bad Gateway');
    expect(providerMessage(undefined)).toBeUndefined();
  });

  it('names the provider, the status and the request id', () => {
    expect(
      describeProviderAnswer('anthropic', {
        status: 400,
        body: { error: { message: 'bad' } },
        requestId: 'req_1',
      }),
    ).toBe('anthropic answered HTTP 400 (request req_1): bad');
  });

  it('never repeats a secret', () => {
    expect(redact('Incorrect API key provided: sk-secret-123', ['sk-secret-123', undefined])).toBe(
      'Incorrect API key provided: ***',
    );
  });
});
