import { LRUCache } from 'lru-cache';

import type { Config } from '../config.js';
import { type Cache, type CacheStore, createCache, serviceName } from './cache.js';
import type { Logger } from './logger.js';

/**
 * The cache's values in this process's memory: the fastest store, with nothing to run, but each instance has its
 * own. A write on one instance invalidates that instance's copy only: with several instances, another one may
 * serve the old value until it expires (CACHE_TTL_SECONDS). Values are kept as JSON text, as Redis keeps them, so
 * that no caller can change a cached value by changing what it was given.
 */
export class MemoryCacheStore implements CacheStore {
  readonly kind = 'memory';
  private readonly entries: LRUCache<string, string>;

  constructor({ maxEntries }: { maxEntries: number }) {
    // Bounded by count: past maxEntries, the least recently used value goes first.
    this.entries = new LRUCache({ max: maxEntries });
  }

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  // One process: a load that a write overtook is told apart in lib/cache.ts, and needs no trace here.
  async add(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (!this.entries.has(key)) await this.set(key, value, ttlSeconds);
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async deleteByPrefix(prefix: string): Promise<void> {
    const matching = [...this.entries.keys()].filter((key) => key.startsWith(prefix));
    for (const key of matching) this.entries.delete(key);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }
}

/** The service's cache, in memory. */
export async function connectCache(
  config: Pick<Config, 'CACHE_MAX_ENTRIES' | 'CACHE_TTL_SECONDS' | 'CACHE_KEY_PREFIX'>,
  logger: Logger,
): Promise<Cache> {
  return createCache(new MemoryCacheStore({ maxEntries: config.CACHE_MAX_ENTRIES }), {
    keyPrefix: config.CACHE_KEY_PREFIX ?? serviceName,
    ttlSeconds: config.CACHE_TTL_SECONDS,
    logger,
  });
}
