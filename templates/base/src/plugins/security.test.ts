import { afterEach, describe, expect, it } from 'vitest';

import { buildTestApp, productionOverrides } from '../../test/helpers.js';
import type { App } from '../app.js';

describe('security headers', () => {
  let app: App;
  afterEach(() => app.close());

  it('sets helmet security headers and Cache-Control: no-store on every response, errors included', async () => {
    app = await buildTestApp();

    for (const url of ['/health', '/no-such-route']) {
      const response = await app.inject({ url });

      expect(response.headers).toMatchObject({
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
    }
  });

  it('sends HSTS only in production', async () => {
    app = await buildTestApp();
    const outsideProduction = await app.inject({ url: '/health' });
    await app.close();
    app = await buildTestApp(productionOverrides);

    const inProduction = await app.inject({ url: '/health' });

    expect(outsideProduction.headers['strict-transport-security']).toBeUndefined();
    expect(inProduction.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});
