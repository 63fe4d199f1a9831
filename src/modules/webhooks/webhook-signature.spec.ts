import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures (API.md §9)', () => {
  const secret = 'whsec_test_secret_0123456789';
  const body = '{"event":"webhook.test"}';

  it('is t=<seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it.each<[string, string, number, boolean]>([
    ['a fresh, valid signature', signWebhook(secret, body, 1000), 1000, true],
    ['one 300 s old', signWebhook(secret, body, 1000), 1300, true],
    ['one 301 s old', signWebhook(secret, body, 1000), 1301, false],
    ['one from the future beyond tolerance', signWebhook(secret, body, 1400), 1000, false],
    ['another secret', signWebhook('whsec_other_secret_abcdef', body, 1000), 1000, false],
    ['a changed body', signWebhook(secret, `${body} `, 1000), 1000, false],
    ['garbage', 't=x,v1=y', 1000, false],
  ])('verifies %s: %s', (_case, header, now, valid) => {
    expect(verifyWebhookSignature(secret, body, header, now)).toBe(valid);
  });
});
