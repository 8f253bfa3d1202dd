import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { testConfig } from '../../test/helpers.js';
import { createLogger } from './logger.js';
import { connectCache, MemoryCacheStore } from './memory-cache-store.js';

describe('memory cache store', () => {
  it('forgets a value when its TTL has passed', async () => {
    const store = new MemoryCacheStore({ maxEntries: 10 });
    await store.set('a', '"A"', 1);

    expect(await store.get('a')).toBe('"A"');
    await sleep(1100);
    expect(await store.get('a')).toBeUndefined();
  });

  it('holds at most maxEntries values, dropping the least recently used first', async () => {
    const store = new MemoryCacheStore({ maxEntries: 2 });
    await store.set('a', '1', 60);
    await store.set('b', '2', 60);
    await store.get('a'); // a was used after b
    await store.set('c', '3', 60);

    expect(await store.get('a')).toBe('1');
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('c')).toBe('3');
  });

  it('deletes the keys under a prefix and no other', async () => {
    const store = new MemoryCacheStore({ maxEntries: 10 });
    for (const key of ['svc:tasks:p1:a', 'svc:tasks:p1:b', 'svc:tasks:p2:a', 'svc:projects:p1']) {
      await store.set(key, '1', 60);
    }

    await store.deleteByPrefix('svc:tasks:p1:');

    expect(await store.get('svc:tasks:p1:a')).toBeUndefined();
    expect(await store.get('svc:tasks:p1:b')).toBeUndefined();
    expect(await store.get('svc:tasks:p2:a')).toBe('1');
    expect(await store.get('svc:projects:p1')).toBe('1');
  });

  it("is the service's cache, with the configured TTL", async () => {
    const config = testConfig({ CACHE_TTL_SECONDS: '1' });
    const cache = await connectCache(config, createLogger(config));

    await cache.set('a', { id: 'a' });
    expect(await cache.get('a')).toEqual({ id: 'a' });
    await sleep(1100);
    expect(await cache.get('a')).toBeUndefined();
    await cache.close();
  });
});
