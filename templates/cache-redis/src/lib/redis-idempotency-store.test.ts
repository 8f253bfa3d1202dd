import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterEach, describe, expect, it } from 'vitest';

import { buildTestApp, expectProblem, testConfig } from '../../test/helpers.js';
import type { App } from '../app.js';
import { UnavailableError } from './errors.js';
import { redisIdempotencyStore } from './redis-idempotency-store.js';

/**
 * Idempotency-Keys in Redis (IDEMPOTENCY_STORE=redis; the tests' default is PostgreSQL, whose every behaviour
 * plugins/idempotency.test.ts pins). Each test has a key prefix of its own, so that no two share a key.
 */
describe('Idempotency-Keys in Redis', () => {
  const closing: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((close) => close()));
  });

  async function store(options = { ttlSeconds: 60, leaseSeconds: 60 }, overrides: Record<string, string> = {}) {
    const config = testConfig({ CACHE_KEY_PREFIX: `test-${randomUUID()}`, ...overrides });
    const opened = await redisIdempotencyStore(config, options);
    closing.push(() => opened.close());
    return opened.store;
  }

  const claim = { scope: 'anonymous', key: 'k1', fingerprint: 'f1' };
  const response = { statusCode: 201, headers: { location: '/v1/notes/1' }, body: '{"id":1}' };

  it('gives a key to one request, keeps its response, and replays it', async () => {
    const keys = await store();

    const attempt = await keys.start(claim);
    expect(attempt).toEqual(expect.any(String));
    expect(await keys.start(claim)).toBeUndefined(); // taken
    expect(await keys.get('anonymous', 'k1')).toEqual({ fingerprint: 'f1' }); // running

    await keys.complete(claim, 'another attempt', response);
    expect(await keys.get('anonymous', 'k1')).toEqual({ fingerprint: 'f1' });
    await keys.complete(claim, attempt!, response);
    expect(await keys.get('anonymous', 'k1')).toEqual({ fingerprint: 'f1', response });
    expect(await keys.get('user:other', 'k1')).toBeUndefined(); // keys are the caller's
  });

  it('frees a key that its attempt releases, and one whose lease ran out', async () => {
    const keys = await store({ ttlSeconds: 60, leaseSeconds: 1 });

    const first = await keys.start(claim);
    await keys.release(claim, 'another attempt');
    expect(await keys.start(claim)).toBeUndefined();
    await keys.release(claim, first!);
    const second = await keys.start(claim);
    expect(second).toEqual(expect.any(String));

    await sleep(1100);
    expect(await keys.start(claim)).toEqual(expect.any(String));
  });

  it('fails as unavailable while Redis is away: the request is answered 503, to be retried', async () => {
    // Nothing listens on port 1: every connection is refused, as when Redis is down.
    const keys = await store(undefined, { REDIS_URL: 'redis://127.0.0.1:1' });

    await expect(keys.get('anonymous', 'k1')).rejects.toBeInstanceOf(UnavailableError);
    await expect(keys.start(claim)).rejects.toBeInstanceOf(UnavailableError);
  });

  describe('through the plugin', () => {
    async function appWithNotes(overrides: Record<string, string> = {}) {
      const app = await buildTestApp({
        IDEMPOTENCY_STORE: 'redis',
        CACHE_KEY_PREFIX: `test-${randomUUID()}`,
        ...overrides,
      });
      closing.push(() => app.close());
      let created = 0;
      app.post('/test/notes', async (_request, reply) => {
        created += 1;
        return reply.code(201).header('location', `/test/notes/${created}`).send({ id: created });
      });
      return { app, created: () => created };
    }
    const post = (app: App, key?: string) =>
      app.inject({
        method: 'POST',
        url: '/test/notes',
        payload: { text: 'buy milk' },
        headers: key ? { 'idempotency-key': key } : {},
      });

    it('answers a retry with the first response, marked as replayed, and creates nothing', async () => {
      const { app, created } = await appWithNotes();

      const first = await post(app, 'retry-me');
      const retry = await post(app, 'retry-me');

      expect(first.statusCode).toBe(201);
      expect(retry.statusCode).toBe(201);
      expect(retry.headers).toMatchObject({ location: '/test/notes/1', 'idempotent-replayed': 'true' });
      expect(retry.json()).toEqual({ id: 1 });
      expect(created()).toBe(1);
    });

    it('answers a request with a key 503 while Redis is away, and runs one without a key', async () => {
      const { app, created } = await appWithNotes({ REDIS_URL: 'redis://127.0.0.1:1' });

      const withKey = await post(app, 'later');
      const withoutKey = await post(app);

      expectProblem(withKey, 503);
      expect(withKey.headers['retry-after']).toMatch(/^\d+$/);
      expect(withoutKey.statusCode).toBe(201);
      expect(created()).toBe(1);
    });
  });
});
