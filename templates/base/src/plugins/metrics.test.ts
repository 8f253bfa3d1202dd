import { afterEach, describe, expect, it } from 'vitest';

import { buildTestApp } from '../../test/helpers.js';
import type { App } from '../app.js';

describe('metrics', () => {
  let app: App;
  afterEach(() => app.close());

  it('exposes a request duration histogram labelled by route pattern, method and status code', async () => {
    app = await buildTestApp();
    app.get('/test/items/:id', async () => 'item');
    await app.inject({ url: '/test/items/1' });
    await app.inject({ url: '/test/items/2' });

    const response = await app.inject({ url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toContain('# TYPE http_request_duration_seconds histogram');
    // Both requests land in one series: the route pattern, not the URL with its id.
    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/test\/items\/:id",status_code="200"\} 2/,
    );
    expect(response.body).not.toContain('/test/items/1');
  });

  it('counts requests to unknown URLs in one series, so that scanning for URLs cannot add series', async () => {
    app = await buildTestApp();
    await app.inject({ url: '/wp-admin' });
    await app.inject({ url: '/.env' });

    const response = await app.inject({ url: '/metrics' });

    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 2/,
    );
    expect(response.body).not.toMatch(/wp-admin|\.env/);
  });

  it('leaves the probes out of the histogram, as orchestrators and scrapers call them every few seconds', async () => {
    app = await buildTestApp();
    app.get('/test/items', async () => 'items');
    for (const url of ['/health', '/ready', '/metrics', '/test/items']) await app.inject({ url });

    const response = await app.inject({ url: '/metrics' });

    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/test\/items",status_code="200"\} 1/,
    );
    expect(response.body).not.toMatch(/route="\/(health|ready|metrics)"/);
  });

  it('exposes the process defaults and the database pool', async () => {
    app = await buildTestApp();

    const response = await app.inject({ url: '/metrics' });

    expect(response.body).toContain('process_cpu_user_seconds_total');
    expect(response.body).toMatch(/db_pool_connections\{state="idle"\} \d+/);
  });
});
