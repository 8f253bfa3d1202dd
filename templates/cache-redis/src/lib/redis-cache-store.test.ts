import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { buildTestApp, testConfig } from '../../test/helpers.js';
import type { Cache } from './cache.js';
import { createLogger } from './logger.js';
import { connectCache, createRedisClient, RedisCacheStore } from './redis-cache-store.js';

/**
 * Against real Redis servers: the one at REDIS_URL (its test value) for the commands, and, for the outages, a
 * redis-server of this file's own (on a free port, in a folder of its own) that the tests stop, pause and restart
 * without disturbing the other test files. REDIS_SERVER_BIN names the binary when it is not on the PATH.
 */
const redisServerBin = process.env.REDIS_SERVER_BIN ?? 'redis-server';
const outageTimeoutMs = 20_000;

describe('redis cache store', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    // The client the service uses (fail fast, no offline queue): its first command waits for the connection.
    redis = createRedisClient(testConfig());
    await once(redis, 'ready');
  });
  afterAll(() => redis.quit());
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  it('gets, sets with a TTL and deletes', async () => {
    prefix = `test-${randomUUID()}:`;
    const store = new RedisCacheStore(redis);

    await store.set(`${prefix}a`, '{"id":"a"}', 30);
    expect(await store.get(`${prefix}a`)).toBe('{"id":"a"}');
    expect(await redis.ttl(`${prefix}a`)).toBe(30);
    await store.delete([`${prefix}a`]);
    expect(await store.get(`${prefix}a`)).toBeUndefined();
  });

  it("keeps a read that loaded a row before another instance's write from caching it", async () => {
    prefix = `test-${randomUUID()}`;
    const config = testConfig({ CACHE_KEY_PREFIX: prefix });
    const logger = createLogger(config);
    const [one, two] = [await connectCache(config, logger), await connectCache(config, logger)];
    try {
      let release: () => void = () => {};
      // Instance one misses, and reads version 1 from the database, slowly...
      const read = one.wrap('row', async () => {
        await new Promise<void>((resolve) => (release = resolve));
        return { version: 1 };
      });
      await sleep(20);
      await two.delete('row'); // ...while instance two writes version 2, and invalidates the row
      release();

      expect(await read).toEqual({ version: 1 });
      await sleep(20);
      expect(await two.get('row')).toBeUndefined(); // version 1 was not cached over the write
      expect(await one.wrap('row', async () => ({ version: 2 }))).toEqual({ version: 2 });
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('deletes every key under a prefix, batch by batch, and no other, whatever characters the prefix has', async () => {
    prefix = `test-${randomUUID()}:`;
    const store = new RedisCacheStore(redis);
    const under = Array.from({ length: 1200 }, (_, index) => `${prefix}[p*1]:${index}`);
    await redis.mset(...under.flatMap((key) => [key, '1']));
    await redis.mset(`${prefix}[p*1]`, 'no colon', `${prefix}[px1]:a`, 'another prefix', `${prefix}p1:a`, 'plain');

    await store.deleteByPrefix(`${prefix}[p*1]:`);

    expect((await redis.keys(`${prefix}*`)).sort()).toEqual(
      [`${prefix}[p*1]`, `${prefix}[px1]:a`, `${prefix}p1:a`].sort(),
    );
  });
});

describe('the cache when Redis misbehaves', () => {
  let server: OwnRedis;
  let cache: Cache | undefined;
  let lines: Record<string, unknown>[];

  beforeAll(async () => {
    server = await OwnRedis.start();
  });
  afterAll(() => server?.remove());
  afterEach(async () => {
    await cache?.close();
    cache = undefined;
    if (!server.running) await server.restart();
    await server.admin.flushall();
  });

  async function connect(): Promise<Cache> {
    lines = [];
    const config = testConfig({ REDIS_URL: server.url, CACHE_KEY_PREFIX: 'svc' });
    const logger = createLogger(
      { NODE_ENV: 'production', LOG_LEVEL: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    cache = await connectCache(config, logger);
    return cache;
  }

  const outageLines = () => lines.filter((line) => String(line.msg).startsWith('cache unavailable'));

  it(
    'serves every request from the database while Redis is stopped, fast, logs it once, and uses Redis again once it is back',
    async () => {
      const cache = await connect();
      await cache.set('row', { version: 1 });
      await server.stop();

      const started = performance.now();
      const reads = await Promise.all(
        Array.from({ length: 20 }, (_, index) => cache.wrap(`row-${index}`, async () => ({ version: 1 }))),
      );
      const elapsed = performance.now() - started;

      expect(reads).toHaveLength(20);
      expect(elapsed).toBeLessThan(1000); // no request waits for a reconnection, which takes seconds
      expect(await cache.wrap('row', async () => ({ version: 1, from: 'database' }))).toEqual({
        version: 1,
        from: 'database',
      });
      expect(outageLines()).toHaveLength(1);
      await expect(cache.ping()).rejects.toThrow();

      await server.restart();
      await eventually(async () => {
        await cache.set('row', { version: 1, from: 'redis' });
        expect(await server.admin.get('svc:row')).toBe('{"version":1,"from":"redis"}');
      });
      expect(await cache.get('row')).toEqual({ version: 1, from: 'redis' });
      expect(outageLines()).toHaveLength(1);
      expect(lines.map((line) => line.msg)).toContain('cache available again');
    },
    outageTimeoutMs,
  );

  it(
    'does not make a request wait for a Redis that is connected but does not answer',
    async () => {
      const cache = await connect();
      await cache.set('row', { version: 1 });
      await server.admin.client('PAUSE', 3000, 'ALL'); // every client's commands wait for 3 s

      const started = performance.now();
      const value = await cache.wrap('row', async () => ({ version: 1, from: 'database' }));
      const elapsed = performance.now() - started;

      expect(value).toEqual({ version: 1, from: 'database' });
      // REDIS_COMMAND_TIMEOUT_MS (250 ms), then the loader: well before the pause ends.
      expect(elapsed).toBeLessThan(1500);
      expect(outageLines()).toHaveLength(1);
    },
    outageTimeoutMs,
  );

  it(
    'never serves a value whose invalidation failed, when Redis comes back still holding it',
    async () => {
      const cache = await connect();
      await cache.set('row', { version: 1 });
      // Redis goes away holding version 1 (its snapshot has it), while a write changes the row to version 2:
      // the write's invalidation cannot reach it.
      await server.admin.save();
      await server.stop();
      await cache.delete('row');

      await server.restart();
      // Back with the stale value, unless the cache, reconnected already, has just retried the invalidation (which
      // leaves the deleted key's trace, or nothing once that has expired): it is not served either way.
      expect([null, '{"version":1}', '\u0000deleted']).toContain(await server.admin.get('svc:row'));
      expect(await cache.get('row')).toBeUndefined();
      expect(await cache.wrap('row', async () => ({ version: 2 }))).toEqual({ version: 2 });
      // The invalidation is tried again once the client has reconnected, and the stale value is gone for good.
      await eventually(async () => expect(await server.admin.exists('svc:row')).toBe(0));
      await eventually(async () => {
        expect(await cache.wrap('row', async () => ({ version: 2 }))).toEqual({ version: 2 });
        expect(await server.admin.get('svc:row')).toBe('{"version":2}');
      });
    },
    outageTimeoutMs,
  );
});

describe('the service while Redis is down', () => {
  it('is ready, degraded, naming redis, and counts the cache errors in /metrics', async () => {
    // Nothing listens on port 1: every connection is refused, as when Redis is down.
    const app = await buildTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const ready = await app.inject({ url: '/ready' });
      expect(ready.statusCode).toBe(200);
      const { status, checks } = ready.json<{ status: string; checks: Record<string, string> }>();
      expect(status).toBe('degraded');
      // Redis fails; the database passes, and so does every other check the service has (a job queue's).
      expect(checks).toMatchObject({ database: 'ok', redis: 'fail' });
      expect(Object.entries(checks).filter(([name, state]) => name !== 'redis' && state !== 'ok')).toEqual([]);

      const metrics = await app.inject({ url: '/metrics' });
      expect(metrics.body).toMatch(/^cache_errors_total [1-9]/m);
    } finally {
      await app.close();
    }
  });
});

/** Retries `check` until it passes, for up to 10 s: reconnections take a moment. */
async function eventually(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

/** A redis-server of the test's own, on a free port, keeping its snapshot (only on SAVE) in a folder of its own. */
class OwnRedis {
  private process: ChildProcess | undefined;
  admin!: Redis;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<OwnRedis> {
    const server = new OwnRedis(await freePort(), await mkdtemp(join(tmpdir(), 'redis-test-')));
    await server.restart();
    // Fails fast, so that a test's own commands never wait on a stopped server.
    server.admin = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    server.admin.on('error', () => {});
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  async restart(): Promise<void> {
    const child = spawn(
      redisServerBin,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const failed = once(child, 'error').then(([error]) => {
      throw new Error(`cannot run ${redisServerBin} (install redis-server, or set REDIS_SERVER_BIN): ${error}`);
    });
    this.process = child;
    // Answers PING within a fraction of a second; until then, connections are refused.
    for (let attempt = 0; ; attempt += 1) {
      const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => {});
      try {
        await Promise.race([failed, probe.connect().then(() => probe.ping())]);
        return;
      } catch (error) {
        if (attempt === 100) throw error;
        await sleep(50);
      } finally {
        probe.disconnect();
      }
    }
  }

  /** Kills it at once, as a crash or a network partition would: it says goodbye to no client. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async remove(): Promise<void> {
    this.admin?.disconnect();
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
