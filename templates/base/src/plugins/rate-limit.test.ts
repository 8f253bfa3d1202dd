import { afterEach, describe, expect, it } from 'vitest';

import { buildTestApp } from '../../test/helpers.js';
import type { App } from '../app.js';

describe('rate limit', () => {
  let app: App;
  afterEach(() => app.close());

  it('answers 429 problem+json with Retry-After once a client has sent RATE_LIMIT_MAX requests', async () => {
    app = await buildTestApp({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
    app.get('/test/limited', async () => 'ok');

    const allowed = [];
    for (let i = 0; i < 3; i++) allowed.push(await app.inject({ url: '/test/limited' }));
    const limited = await app.inject({ url: '/test/limited', headers: { 'x-request-id': 'too-many' } });

    expect(allowed.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    expect(allowed[2]?.headers).toMatchObject({ 'ratelimit-limit': '3', 'ratelimit-remaining': '0' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers).toMatchObject({
      'content-type': expect.stringMatching(/^application\/problem\+json/),
      'retry-after': '60',
      'ratelimit-limit': '3',
      'ratelimit-remaining': '0',
      'x-request-id': 'too-many',
    });
    expect(limited.json()).toMatchObject({ status: 429, title: 'Too Many Requests', requestId: 'too-many' });
  });

  it('never limits the health checks and metrics', async () => {
    app = await buildTestApp({ RATE_LIMIT_MAX: '1' });

    const statuses = [];
    for (const url of ['/health', '/health', '/ready', '/ready', '/metrics', '/metrics']) {
      statuses.push((await app.inject({ url })).statusCode);
    }

    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('limits requests to unknown routes too', async () => {
    app = await buildTestApp({ RATE_LIMIT_MAX: '1' });

    const first = await app.inject({ url: '/probe-1' });
    const second = await app.inject({ url: '/probe-2' });

    expect([first.statusCode, second.statusCode]).toEqual([404, 429]);
  });
});
