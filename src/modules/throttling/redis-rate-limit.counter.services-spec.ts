import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { type ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type Redis from 'ioredis';
import type { AppConfig } from '../../config/app-config';
import type { DomainError } from '../../common/errors/domain-error';
import { closeRateLimitRedis, createRateLimitRedis } from './rate-limit-redis.client';
import { RedisRateLimitCounter } from './redis-rate-limit.counter';
import { tierThrottlerOptions } from './tier-throttler.options';
import { TierThrottlerGuard } from './tier-throttler.guard';
import { TierThrottlerStorage } from './tier-throttler.storage';

// Needs a real Redis; it fails (never skips) when there is none, so a broken CI service cannot pass silently.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DEAD_REDIS_URL = 'redis://127.0.0.1:6390';
const prefix = `fg:rl:test:${randomUUID()}:`;
jest.setTimeout(20_000);

const config = {
  rateLimits: { free: 0, pro: 100, business: 1000, enterprise: 0 },
  rateLimitWindowSeconds: 60,
} as AppConfig;

async function guardOn(redis: Redis): Promise<TierThrottlerGuard> {
  const storage = new TierThrottlerStorage(new RedisRateLimitCounter(redis, prefix));
  const guard = new TierThrottlerGuard(
    tierThrottlerOptions(config, storage),
    storage,
    new Reflector(),
    config,
  );
  await guard.onModuleInit();
  return guard;
}

function proRequest(): ExecutionContext {
  return {
    switchToHttp: () => ({
      getRequest: () => ({ principal: { accountId: randomUUID(), role: 'user', tier: 'pro' } }),
      getResponse: () => ({ header: () => undefined }),
    }),
    getHandler: () => function route() {},
    getClass: () => class Controller {},
  } as unknown as ExecutionContext;
}

/** A TCP proxy to Redis that can stop forwarding, as a Redis that hangs mid-connection would. */
async function freezableProxyTo(url: string) {
  const target = new URL(url);
  let frozen = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined); // torn down by close(); nothing to report
    }
    client.on('data', (chunk) => frozen || upstream.write(chunk));
    upstream.on('data', (chunk) => frozen || client.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze: () => void (frozen = true),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

async function expectUnavailableWithin(redis: Redis, ms: number): Promise<void> {
  const guard = await guardOn(redis);
  const started = Date.now();
  const error = await guard.canActivate(proRequest()).catch((e: DomainError) => e);
  expect(error).toMatchObject({ code: 'UNAVAILABLE', headers: { 'Retry-After': '1' } });
  expect(Date.now() - started).toBeLessThan(ms);
}

describe('RedisRateLimitCounter on a real Redis', () => {
  let a: Redis;
  let b: Redis;

  beforeAll(async () => {
    a = createRateLimitRedis(REDIS_URL);
    b = createRateLimitRedis(REDIS_URL);
    await Promise.all([a.connect(), b.connect()]).catch((error: Error) => {
      throw new Error(`Redis at ${REDIS_URL} is unreachable; the services specs need it: ${error.message}`);
    });
  });

  afterAll(async () => {
    try {
      if (a.status === 'ready') {
        const keys = await a.keys(`${prefix}*`);
        if (keys.length) await a.del(...keys);
      }
    } finally {
      await Promise.all([a, b].map(closeRateLimitRedis));
    }
  });

  it('gives 150 concurrent hits from two clients the counts 1..150, each exactly once', async () => {
    const counters = [new RedisRateLimitCounter(a, prefix), new RedisRateLimitCounter(b, prefix)];
    const nowMs = Date.now();
    const results = await Promise.all(
      Array.from({ length: 150 }, (_, i) => counters[i % 2].hit('acc-1:workflow-run', 60, nowMs)),
    );
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
  });

  it('stores one key per account, group and window, which expires after the window', async () => {
    const { resetAtMs } = await new RedisRateLimitCounter(a, prefix).hit('acc-2:default', 1, Date.now());
    const [key] = await a.keys(`${prefix}acc-2:default:*`);
    expect(key).toBe(`${prefix}acc-2:default:${resetAtMs - 1000}`);
    const ttl = await a.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(2000); // the 1 s window plus the clock-skew grace

    await new Promise((resolve) => setTimeout(resolve, resetAtMs - Date.now() + 1100));
    expect(await a.exists(key)).toBe(0);
  });

  describe('fails closed, fast', () => {
    beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
    afterEach(() => jest.restoreAllMocks());

    it('answers UNAVAILABLE when nothing listens at the Redis URL', async () => {
      const dead = createRateLimitRedis(DEAD_REDIS_URL);
      try {
        await expectUnavailableWithin(dead, 1000);
      } finally {
        await closeRateLimitRedis(dead);
      }
    });

    it('answers UNAVAILABLE when Redis accepts the connection but never becomes ready', async () => {
      const silent: Server = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as { port: number }).port;
      const hung = createRateLimitRedis(`redis://127.0.0.1:${port}`);
      try {
        await expectUnavailableWithin(hung, 2000);
      } finally {
        await closeRateLimitRedis(hung);
        await new Promise((resolve) => silent.close(resolve));
      }
    });

    it('answers UNAVAILABLE after the command timeout when a ready Redis stops answering', async () => {
      const proxy = await freezableProxyTo(REDIS_URL);
      const stalled = createRateLimitRedis(`redis://127.0.0.1:${proxy.port}`);
      try {
        await stalled.connect();
        proxy.freeze();
        await expectUnavailableWithin(stalled, 1500);
      } finally {
        await closeRateLimitRedis(stalled);
        await proxy.close();
      }
    });
  });
});
