import { startTestApp, TestApp } from '../support/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('whoami answers for a fresh pro session', async () => {
    const s = await t.createSession({ tier: 'pro', credits: 10 });
    const res = await s.http.get('/api/whoami').expect(200);
    expect(res.body.user.tier).toBe('pro');
    expect(res.body.credits.balance).toBe(10);
  });
});
