import { randomUUID } from 'node:crypto';

import { afterEach, describe, expect, it } from 'vitest';

import { buildTestApp, expectProblem } from '../../test/helpers.js';
import type { App } from '../app.js';

/**
 * Rate limits counted in Redis (RATE_LIMIT_STORE=redis; the tests' default is memory, so that test files running
 * side by side never share counters). Each test has a key prefix of its own, for the same reason.
 */
describe('rate limits in Redis', () => {
  const apps: App[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  async function instance(overrides: Record<string, string>): Promise<App> {
    const app = await buildTestApp({ RATE_LIMIT_STORE: 'redis', ...overrides });
    apps.push(app);
    return app;
  }

  it("counts a client's requests to every instance toward one limit", async () => {
    const shared = { RATE_LIMIT_MAX: '3', CACHE_KEY_PREFIX: `test-${randomUUID()}` };
    const one = await instance(shared);
    const two = await instance(shared);

    const statuses = [];
    for (const app of [one, two, one, two]) statuses.push((await app.inject({ url: '/no-such-route' })).statusCode);

    expect(statuses).toEqual([404, 404, 404, 429]);
  });

  it('lets requests through, without a limit, while Redis is away (RATE_LIMIT_FAIL_OPEN, the default)', async () => {
    // Nothing listens on port 1: every connection is refused, as when Redis is down.
    const app = await instance({ RATE_LIMIT_MAX: '1', REDIS_URL: 'redis://127.0.0.1:1' });

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.inject({ url: '/no-such-route' })).statusCode);

    expect(statuses).toEqual([404, 404, 404]);
  });

  it('refuses requests with 503 and Retry-After while Redis is away, with RATE_LIMIT_FAIL_OPEN=false', async () => {
    const app = await instance({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_FAIL_OPEN: 'false' });

    const refused = await app.inject({ url: '/no-such-route' });
    const probe = await app.inject({ url: '/health' });

    expectProblem(refused, 503);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.json().detail).toBe('The rate limit cannot be checked at the moment; try again shortly');
    expect(probe.statusCode).toBe(200); // probes are never rate limited
  });
});
