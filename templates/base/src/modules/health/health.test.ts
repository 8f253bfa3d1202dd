import { afterEach, describe, expect, it } from 'vitest';

import { buildTestApp, testConfig } from '../../../test/helpers.js';
import type { App } from '../../app.js';
import { connectDatabase } from '../../db/connection.js';

describe('health', () => {
  let app: App;
  afterEach(() => app.close());

  it('answers GET /health with 200 while the process lives', async () => {
    app = await buildTestApp();

    const response = await app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers GET /ready with 200 when the database answers a query', async () => {
    app = await buildTestApp();

    const response = await app.inject({ method: 'GET', url: '/ready' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
  });

  it('returns 503 naming the database when it is unreachable, while /health still answers 200', async () => {
    // Nothing listens on port 1: every connection attempt is refused, as when the database is down.
    const unreachable = await connectDatabase(testConfig({ DATABASE_URL: 'postgres://app@127.0.0.1:1/app' }));
    app = await buildTestApp({}, unreachable);

    const response = await app.inject({ method: 'GET', url: '/ready' });
    // The process itself is fine: restarting it would not bring the database back.
    const liveness = await app.inject({ method: 'GET', url: '/health' });
    await unreachable.close();

    expect(liveness.statusCode).toBe(200);
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 503,
      detail: 'Not ready: database failed',
      checks: { database: 'fail' },
    });
  });
});
