import { falStatus, falSubmitted } from './fal-queue';

describe('fal queue answers', () => {
  const base = 'https://queue.fal.run';

  it('keeps the URLs fal answers with on its own origin', () => {
    const submitted = falSubmitted(
      {
        request_id: 'r1',
        status_url: `${base}/fal-ai/flux/requests/r1/status`,
        response_url: `${base}/fal-ai/flux/requests/r1`,
        cancel_url: `${base}/fal-ai/flux/requests/r1/cancel`,
      },
      base,
      'fal-ai/flux/dev',
    );
    expect(submitted).toEqual({
      requestId: 'r1',
      statusUrl: `${base}/fal-ai/flux/requests/r1/status`,
      responseUrl: `${base}/fal-ai/flux/requests/r1`,
      cancelUrl: `${base}/fal-ai/flux/requests/r1/cancel`,
    });
  });

  it('never follows a URL on another host (the key would go with it): builds it from the base instead', () => {
    const submitted = falSubmitted(
      { request_id: 'r2', status_url: 'https://evil.example/steal' },
      base,
      'fal-ai/flux/dev',
    );
    expect(submitted.statusUrl).toBe(`${base}/fal-ai/flux/dev/requests/r2/status`);
    expect(submitted.cancelUrl).toBe(`${base}/fal-ai/flux/dev/requests/r2/cancel`);
  });

  it('refuses an answer without request_id, and reads the three states', () => {
    expect(() => falSubmitted({}, base, 'm')).toThrow('without a request_id');
    expect(falStatus({ status: 'IN_QUEUE' })).toBe('queued');
    expect(falStatus({ status: 'IN_PROGRESS' })).toBe('running');
    expect(falStatus({ status: 'COMPLETED' })).toBe('completed');
    expect(() => falStatus({ status: 'WAT' })).toThrow('unknown status');
  });
});
