import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { type CacheStore, createCache } from './cache.js';
import { createLogger } from './logger.js';

/**
 * A store in a Map that a test can take away and bring back. What these tests pin is the cache's own behaviour
 * (namespaces, single-flight loads, what a failure means for a request), which is the same over any store; the
 * stores themselves have tests of their own against what they wrap.
 */
class TestStore implements CacheStore {
  readonly kind = 'test';
  readonly values = new Map<string, string>();
  away = false;
  private readonly listeners: (() => void)[] = [];

  async get(key: string) {
    this.answer();
    return this.values.get(key);
  }

  async set(key: string, value: string) {
    this.answer('set', [key, value]);
    this.values.set(key, value);
  }

  async add(key: string, value: string) {
    this.answer();
    if (!this.values.has(key)) this.values.set(key, value);
  }

  async delete(keys: readonly string[]) {
    this.answer();
    for (const key of keys) this.values.delete(key);
  }

  async deleteByPrefix(prefix: string) {
    this.answer();
    for (const key of [...this.values.keys()]) if (key.startsWith(prefix)) this.values.delete(key);
  }

  async ping() {
    this.answer();
  }

  async close() {}

  onAvailable(listener: () => void) {
    this.listeners.push(listener);
  }

  comeBack() {
    this.away = false;
    for (const listener of this.listeners) listener();
  }

  /** Throws while away, an error that carries the command, as ioredis's do (its arguments hold the values). */
  private answer(name = 'get', args: unknown[] = []) {
    if (this.away) throw Object.assign(new Error('connection refused'), { command: { name, args } });
  }
}

function cacheOver(store: CacheStore, lines: Record<string, unknown>[] = []) {
  const logger = createLogger(
    { NODE_ENV: 'production', LOG_LEVEL: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  return createCache(store, { keyPrefix: 'svc', ttlSeconds: 60, logger });
}

describe('cache', () => {
  it('keeps JSON values under the service prefix and a namespace per resource', async () => {
    const store = new TestStore();
    const cache = cacheOver(store);
    const projects = cache.namespace('projects');

    await projects.set('1', { name: 'Alpha', budget: '10.00' });

    expect(store.values.get('svc:projects:1')).toBe('{"name":"Alpha","budget":"10.00"}');
    expect(await projects.get('1')).toEqual({ name: 'Alpha', budget: '10.00' });
    expect(await cache.namespace('tasks').get('1')).toBeUndefined();
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, errors: 0 });
  });

  it('deletes one key, or every key under a prefix and no other', async () => {
    const store = new TestStore();
    const tasks = cacheOver(store).namespace('tasks');
    await Promise.all(['p1:a', 'p1:b', 'p2:a'].map((key) => tasks.set(key, key)));

    await tasks.delete('p2:a');
    expect(await tasks.get('p2:a')).toBeUndefined();
    await tasks.deleteByPrefix('p1:');

    expect([...store.values.keys()]).toEqual([]);
    await tasks.set('p3:a', 'kept');
    await tasks.deleteByPrefix('p1:');
    expect(await tasks.get('p3:a')).toBe('kept');
  });

  it('loads a missing key once however many read it at the same time, and caches what it loaded', async () => {
    const cache = cacheOver(new TestStore());
    let loads = 0;
    const load = async () => {
      loads += 1;
      await sleep(20);
      return { id: 'a' };
    };

    const values = await Promise.all(Array.from({ length: 10 }, () => cache.wrap('a', load)));

    expect(values).toEqual(Array.from({ length: 10 }, () => ({ id: 'a' })));
    expect(loads).toBe(1);
    await sleep(0);
    expect(await cache.wrap('a', load)).toEqual({ id: 'a' });
    expect(loads).toBe(1);
  });

  it('does not cache undefined: a row that does not exist is asked for again', async () => {
    const cache = cacheOver(new TestStore());
    let loads = 0;
    const load = async () => {
      loads += 1;
      return undefined;
    };

    expect(await cache.wrap('missing', load)).toBeUndefined();
    expect(await cache.wrap('missing', load)).toBeUndefined();
    expect(loads).toBe(2);
  });

  it('does not cache a value loaded before a write that invalidated it, nor hand it to later reads', async () => {
    const cache = cacheOver(new TestStore());
    let row = { version: 1 };
    let release: () => void = () => {};
    const slowRead = async () => {
      const read = row; // the database answers with the row as it is now...
      await new Promise<void>((resolve) => (release = resolve)); // ...and the answer takes a while to arrive
      return read;
    };

    const first = cache.wrap('row', slowRead);
    await sleep(0);
    row = { version: 2 }; // a write, through the repository, which then invalidates
    await cache.delete('row');
    const second = cache.wrap('row', async () => row);
    release();

    expect(await first).toEqual({ version: 1 });
    expect(await second).toEqual({ version: 2 });
    await sleep(0);
    expect(await cache.get('row')).toEqual({ version: 2 });
  });

  it("does not cache a value that took longer to load than the store's traces of deletes last", async () => {
    const store = Object.assign(new TestStore(), { slowLoadMs: 30 });
    const cache = cacheOver(store);

    await cache.wrap('slow', async () => {
      await sleep(50); // a write on another instance could have come and its trace gone in that time
      return { version: 1 };
    });
    await cache.wrap('quick', async () => ({ version: 1 }));
    await sleep(0);

    expect(await cache.get('slow')).toBeUndefined();
    expect(await cache.get('quick')).toEqual({ version: 1 });
  });

  it('caches nothing with a TTL of 0: every read goes to the loader, concurrent ones too, and the store is not asked', async () => {
    const store = new TestStore();
    const cache = createCache(store, {
      keyPrefix: 'svc',
      ttlSeconds: 0,
      logger: createLogger({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    });
    let loads = 0;
    const load = async () => ++loads;

    expect(await cache.wrap('a', load)).toBe(1);
    expect(await cache.wrap('a', load)).toBe(2);
    expect(await Promise.all([cache.wrap('a', load), cache.wrap('a', load)])).toEqual([3, 4]);
    expect(store.values.size).toBe(0);
  });

  describe('when the store is away', () => {
    it('logs the failure without the command that failed, whose arguments hold the value', async () => {
      const store = new TestStore();
      const lines: Record<string, unknown>[] = [];
      const cache = cacheOver(store, lines);
      store.away = true;

      await cache.set('user', { email: 'someone@example.com' });

      expect(lines).toHaveLength(1);
      expect(JSON.stringify(lines)).not.toContain('someone@example.com');
    });

    it('serves every read from the loader, and logs the outage once, then its end', async () => {
      const store = new TestStore();
      const lines: Record<string, unknown>[] = [];
      const cache = cacheOver(store, lines);
      await cache.set('a', 'cached');
      store.away = true;

      const reads = await Promise.all([1, 2, 3].map(() => cache.wrap('a', async () => 'from the database')));
      await cache.set('b', 'b');

      expect(reads).toEqual(['from the database', 'from the database', 'from the database']);
      expect(cache.stats.errors).toBeGreaterThanOrEqual(2);
      expect(lines.map((line) => line.msg)).toEqual([
        'cache unavailable: requests are served from the database until it answers again',
      ]);
      expect(lines[0]).toMatchObject({ level: 40, store: 'test', error: { message: 'connection refused' } });

      store.comeBack();
      expect(await cache.wrap('a', async () => 'from the database')).toBe('cached');
      expect(lines.map((line) => line.msg)).toContain('cache available again');
    });

    it('never serves a value whose invalidation failed, and invalidates it once the store is back', async () => {
      const store = new TestStore();
      const cache = cacheOver(store);
      await cache.set('row', { version: 1 });
      store.away = true;

      await cache.delete('row'); // the write's invalidation fails: the store keeps version 1
      store.away = false; // back, still holding the stale value, before any retry has run
      expect(store.values.get('svc:row')).toBe('{"version":1}');

      expect(await cache.get('row')).toBeUndefined();
      expect(await cache.wrap('row', async () => ({ version: 2 }))).toEqual({ version: 2 });
      expect(store.values.get('svc:row')).toBe('{"version":1}'); // not cached while the invalidation is pending

      store.comeBack();
      await sleep(0);
      expect(store.values.has('svc:row')).toBe(false);
      expect(await cache.wrap('row', async () => ({ version: 2 }))).toEqual({ version: 2 });
      await sleep(0);
      expect(store.values.get('svc:row')).toBe('{"version":2}');
    });

    it('holds back every key under a prefix whose deletion failed', async () => {
      const store = new TestStore();
      const tasks = cacheOver(store).namespace('tasks');
      await tasks.set('p1:a', 'stale');
      store.away = true;
      await tasks.deleteByPrefix('p1:');
      store.away = false;

      expect(await tasks.get('p1:a')).toBeUndefined();
      store.comeBack();
      await sleep(0);
      expect(store.values.size).toBe(0);
    });

    it('fails the readiness check', async () => {
      const store = new TestStore();
      const cache = cacheOver(store);
      store.away = true;

      await expect(cache.ping()).rejects.toThrow('connection refused');
    });
  });
});
