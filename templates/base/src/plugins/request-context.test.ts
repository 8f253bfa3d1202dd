import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { buildTestApp, getTestDatabase, testConfig } from '../../test/helpers.js';
import { type App, buildApp } from '../app.js';
import { createLogger } from '../lib/logger.js';
import { getRequestContext } from './request-context.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request id', () => {
  let app: App;
  afterEach(() => app.close());

  it('keeps a well-formed X-Request-Id from the caller', async () => {
    app = await buildTestApp();

    const response = await app.inject({ url: '/health', headers: { 'x-request-id': 'checkout-7f3a.42_b' } });

    expect(response.headers['x-request-id']).toBe('checkout-7f3a.42_b');
  });

  it('generates a UUID when the request has none', async () => {
    app = await buildTestApp();

    const response = await app.inject({ url: '/health' });

    expect(response.headers['x-request-id']).toMatch(uuid);
  });

  it('replaces a malformed X-Request-Id with a UUID', async () => {
    app = await buildTestApp();

    const response = await app.inject({ url: '/health', headers: { 'x-request-id': 'bad id\u0000<script>' } });

    expect(response.headers['x-request-id']).toMatch(uuid);
  });

  it('echoes the id on error responses and puts it in their body', async () => {
    app = await buildTestApp();

    const response = await app.inject({ url: '/no-such-route', headers: { 'x-request-id': 'trace-404' } });

    expect(response.statusCode).toBe(404);
    expect(response.headers['x-request-id']).toBe('trace-404');
    expect(response.json()).toMatchObject({ requestId: 'trace-404' });
  });

  it('is in every log line of the request', async () => {
    const lines: Record<string, unknown>[] = [];
    const config = testConfig({ LOG_LEVEL: 'info' });
    const logger = createLogger(config, { write: (line: string) => lines.push(JSON.parse(line)) });
    app = await buildApp({ config, logger, database: await getTestDatabase() });
    app.get('/test/logs', async (request) => {
      request.log.info('inside the handler');
      return 'logged';
    });

    await app.inject({ url: '/test/logs', headers: { 'x-request-id': 'log-me' } });

    const requestLines = lines.filter((line) => line.requestId === 'log-me');
    expect(requestLines.map((line) => line.msg)).toEqual(['inside the handler', 'request completed']);
  });
});

describe('request context', () => {
  let app: App;
  afterEach(() => app.close());

  it('gives code deep in the request its id, also after a large body was parsed from the socket', async () => {
    app = await buildTestApp();
    // What a service does: it has no request object, only the context.
    const currentRequestId = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return getRequestContext()?.requestId;
    };
    app.post('/test/context', { schema: { body: z.object({ text: z.string() }) } }, async () => ({
      requestId: await currentRequestId(),
    }));
    const address = await app.listen({ host: '127.0.0.1', port: 0 });

    const requestIds = await Promise.all(
      ['ctx-1', 'ctx-2', 'ctx-3'].map(async (requestId) => {
        const response = await fetch(`${address}/test/context`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': requestId },
          body: JSON.stringify({ text: 'x'.repeat(200_000) }),
        });
        return ((await response.json()) as { requestId: string }).requestId;
      }),
    );

    expect(requestIds).toEqual(['ctx-1', 'ctx-2', 'ctx-3']);
  });

  it('is empty outside a request', () => {
    expect(getRequestContext()).toBeUndefined();
  });
});
