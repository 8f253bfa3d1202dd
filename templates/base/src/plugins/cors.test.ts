import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildTestApp } from '../../test/helpers.js';
import type { App } from '../app.js';

describe('CORS', () => {
  let app: App;
  beforeEach(async () => {
    app = await buildTestApp({ CORS_ORIGINS: 'https://app.example,https://admin.example' });
  });
  afterEach(() => app.close());

  const preflight = (origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url: '/health',
      headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'content-type' },
    });

  it('answers a preflight from an allowed origin with 204 and the allowed methods and headers', async () => {
    const response = await preflight('https://admin.example');

    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': 'https://admin.example',
      'access-control-allow-methods': expect.stringContaining('PATCH'),
      'access-control-allow-headers': expect.stringContaining('Content-Type'),
      'access-control-allow-credentials': 'true',
      'access-control-max-age': '600',
    });
  });

  it('lets pages send conditional and idempotent requests, and read the headers that answer them', async () => {
    const preflightResponse = await preflight('https://app.example');
    const response = await app.inject({ url: '/health', headers: { origin: 'https://app.example' } });

    for (const header of ['If-Match', 'If-None-Match', 'Idempotency-Key']) {
      expect(preflightResponse.headers['access-control-allow-headers']).toContain(header);
    }
    for (const header of ['ETag', 'Idempotent-Replayed']) {
      expect(response.headers['access-control-expose-headers']).toContain(header);
    }
  });

  it('gives a disallowed origin no CORS headers', async () => {
    const response = await preflight('https://evil.example');

    expect(response.statusCode).toBe(404);
    const corsHeaders = Object.keys(response.headers).filter((name) => name.startsWith('access-control-'));
    expect(corsHeaders).toEqual([]);
  });

  it('allows an allowed origin to read an actual response and its request id', async () => {
    const response = await app.inject({ url: '/health', headers: { origin: 'https://app.example' } });

    expect(response.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(response.headers['access-control-expose-headers']).toContain('X-Request-Id');
  });

  it('gives a disallowed origin no CORS headers on an actual request either', async () => {
    const response = await app.inject({ url: '/health', headers: { origin: 'https://evil.example' } });

    expect(response.statusCode).toBe(200);
    const corsHeaders = Object.keys(response.headers).filter((name) => name.startsWith('access-control-'));
    expect(corsHeaders).toEqual([]);
  });

  it('says Vary: Origin on every response, so that no cache gives one origin the copy made for another', async () => {
    const responses = [
      await app.inject({ url: '/health' }),
      await app.inject({ url: '/health', headers: { origin: 'https://app.example' } }),
      await preflight('https://admin.example'),
      await app.inject({ url: '/no-such-route', headers: { origin: 'https://evil.example' } }),
    ];

    expect(responses.map((response) => response.headers.vary)).toEqual(['Origin', 'Origin', 'Origin', 'Origin']);
  });
});
