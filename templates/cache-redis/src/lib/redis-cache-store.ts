import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

import { Redis } from 'ioredis';

import type { Config } from '../config.js';
import { type Cache, type CacheStore, createCache, serviceName } from './cache.js';
import type { Logger } from './logger.js';

/** How long start-up waits for Redis before it goes on without it (it keeps reconnecting in the background). */
const startupWaitMs = 2000;

/**
 * What a deleted key holds for a few seconds: the trace that keeps a read which loaded the row before the write, on
 * any instance, from caching what it loaded (add is SET NX). Not JSON, so that no value can be mistaken for it.
 */
const deleted = '\u0000deleted';
const deletedTraceMs = 5000;

/**
 * The cache's values in Redis, shared by every instance of the service: a write on one instance invalidates the
 * value for all of them. Keys expire by their TTL; Redis itself should be set to evict the least recently used
 * keys when it is full (`maxmemory-policy allkeys-lru`, as docker-compose.yml does).
 */
export class RedisCacheStore implements CacheStore {
  readonly kind = 'redis';
  // Half the trace: what a slower load read may predate a write whose trace would be gone when it arrived.
  readonly slowLoadMs = deletedTraceMs / 2;

  constructor(private readonly redis: Redis) {}

  async get(key: string): Promise<string | undefined> {
    const value = await this.redis.get(key);
    return value === null || value === deleted ? undefined : value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, value, 'EX', ttlSeconds);
  }

  async add(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, value, 'EX', ttlSeconds, 'NX');
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.set(key, deleted, 'PX', deletedTraceMs);
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error)?.[0];
    if (failure) throw failure;
  }

  async deleteByPrefix(prefix: string): Promise<void> {
    // SCAN walks the keys a batch at a time, where KEYS would block Redis for as long as it takes to read them all.
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await this.redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    // QUIT lets the commands already sent finish; a Redis that is away or does not answer is simply left.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  onAvailable(listener: () => void): void {
    this.redis.on('ready', listener);
  }
}

/**
 * The client, set to fail fast. By default ioredis keeps the commands sent while Redis is away in a queue, and a
 * request would wait for the whole outage; here a command fails at once while the connection is down, and after
 * REDIS_COMMAND_TIMEOUT_MS when Redis is connected but does not answer, and the request goes on from the database.
 * The client reconnects by itself, trying again every 2 s at most, so the cache is back soon after Redis is.
 */
export function createRedisClient(config: Pick<Config, 'REDIS_URL' | 'REDIS_COMMAND_TIMEOUT_MS'>): Redis {
  // Set in development and tests by default, and required in production (config.ts).
  if (!config.REDIS_URL) throw new Error('REDIS_URL is not set');
  const redis = new Redis(config.REDIS_URL, {
    enableOfflineQueue: false,
    commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
    // A connection that answers nothing for this long is taken for dead (a partition, a host gone without a reset:
    // the kernel would keep it "open" for many minutes), dropped, and made again.
    socketTimeout: config.REDIS_COMMAND_TIMEOUT_MS * 4,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Without a listener, each failed reconnection would be printed as an unhandled error. The outage is logged by
  // the cache, once, when a command fails.
  redis.on('error', () => {});
  return redis;
}

/**
 * A client (createRedisClient) that has connected, or has tried: start-up waits a moment for Redis, then goes on
 * without it, as the client keeps reconnecting in the background.
 */
export async function connectRedis(config: Pick<Config, 'REDIS_URL' | 'REDIS_COMMAND_TIMEOUT_MS'>): Promise<Redis> {
  const redis = createRedisClient(config);
  // once() rejects at the client's first error (Redis refused the connection): no use waiting longer.
  const ready = once(redis, 'ready').then(
    () => true,
    () => false,
  );
  await Promise.race([ready, sleep(startupWaitMs, false, { ref: false })]);
  return redis;
}

/** The service's cache, in Redis. */
export async function connectCache(
  config: Pick<Config, 'REDIS_URL' | 'REDIS_COMMAND_TIMEOUT_MS' | 'CACHE_TTL_SECONDS' | 'CACHE_KEY_PREFIX'>,
  logger: Logger,
): Promise<Cache> {
  const redis = await connectRedis(config);
  const cache = createCache(new RedisCacheStore(redis), {
    keyPrefix: config.CACHE_KEY_PREFIX ?? serviceName,
    ttlSeconds: config.CACHE_TTL_SECONDS,
    logger,
  });
  // Logs that Redis is away, once; requests go to the database until it is back.
  if (redis.status !== 'ready') await cache.ping().catch(() => {});
  return cache;
}
