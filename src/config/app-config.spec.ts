import { loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults (API.md §13)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: './data',
      role: 'all',
      publicBaseUrl: 'http://localhost:3000',
      demoSeed: true,
      syncWaitSeconds: 300,
      executionTimeoutSeconds: 3600,
      rateLimits: { pro: 100, business: 1000, enterprise: 0 },
      tierMultipliers: { pro: 1, business: 0.9, enterprise: 0.8 },
      trialGrants: [{ tier: 'pro', model: 'sandbox-video', kind: 'count', amount: 3 }],
      allowPrivateTargets: false,
      allowHttpTargets: false,
      outputLimits: { maxNodeOutputBytes: 1048576, maxResultBytes: 10485760, maxMediaBytes: 104857600 },
      http: {
        requestTimeoutSeconds: 30,
        keepAliveTimeoutSeconds: 5,
        maxConnections: 10_000,
      },
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
  });

  it('turns the demo seed off by default on PostgreSQL and follows PORT in PUBLIC_BASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db/flowgate', PORT: '8080' });
    expect(config.demoSeed).toBe(false);
    expect(config.publicBaseUrl).toBe('http://localhost:8080');
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ RATE_LIMIT_PRO: '-1' }, /RATE_LIMIT_PRO must be between 0/],
    [{ DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL must use postgres: or postgresql:/],
    [{ REDIS_URL: 'not a url' }, /REDIS_URL must be a URL/],
    [{ FLOWGATE_ROLE: 'cron' }, /FLOWGATE_ROLE must be one of all, api, worker/],
    [{ BOOTSTRAP_ADMIN_KEY: 'fg_live_short' }, /BOOTSTRAP_ADMIN_KEY must be fg_live_/],
    [{ DEMO_SEED: 'yes' }, /DEMO_SEED must be true or false/],
    [{ TIER_MULTIPLIER_BUSINESS: 'cheap' }, /TIER_MULTIPLIER_BUSINESS must be a number/],
    [{ TRIAL_GRANTS: '{' }, /TRIAL_GRANTS must be valid JSON/],
    [
      { TRIAL_GRANTS: '[{"tier":"gold","model":"m","kind":"count","amount":1}]' },
      /TRIAL_GRANTS \[0\]\.tier must be one of/,
    ],
    [{ SYNC_WAIT_SECONDS: '301' }, /SYNC_WAIT_SECONDS must be between 1 and 300/],
    [{ MAX_NODE_OUTPUT_BYTES: '1MiB' }, /MAX_NODE_OUTPUT_BYTES must be an integer/],
    [{ MAX_RESULT_BYTES: '100' }, /MAX_RESULT_BYTES must be between 1024/],
    [{ MAX_MEDIA_BYTES: '-5' }, /MAX_MEDIA_BYTES must be between 1024/],
    [{ REQUEST_TIMEOUT_SECONDS: '0' }, /REQUEST_TIMEOUT_SECONDS must be between 1 and 3600/],
    [{ KEEP_ALIVE_TIMEOUT_SECONDS: 'long' }, /KEEP_ALIVE_TIMEOUT_SECONDS must be an integer/],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('output limits', () => {
  it('reads MAX_NODE_OUTPUT_BYTES, MAX_RESULT_BYTES and MAX_MEDIA_BYTES', () => {
    const config = loadConfig({
      MAX_NODE_OUTPUT_BYTES: '2048',
      MAX_RESULT_BYTES: '4096',
      MAX_MEDIA_BYTES: '1048576',
    });
    expect(config.outputLimits).toEqual({
      maxNodeOutputBytes: 2048,
      maxResultBytes: 4096,
      maxMediaBytes: 1048576,
    });
  });
});
