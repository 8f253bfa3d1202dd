import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildTestApp } from '../../test/helpers.js';
import type { App } from '../app.js';

describe('compression', () => {
  let app: App;
  beforeEach(async () => {
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  it('compresses a response of at least 1 KB with Brotli when the client takes it, and says so', async () => {
    const plain = await app.inject({ url: '/docs/json' });

    const response = await app.inject({ url: '/docs/json', headers: { 'accept-encoding': 'br, gzip' } });

    expect(plain.body.length).toBeGreaterThan(1024);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(plain.body);
  });

  it('falls back to gzip, which every client takes', async () => {
    const response = await app.inject({ url: '/docs/json', headers: { 'accept-encoding': 'gzip' } });

    expect(response.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(response.rawPayload).toString())).toMatchObject({ openapi: expect.any(String) });
  });

  it('sends a response as it is when the client asks for no encoding it knows', async () => {
    const response = await app.inject({ url: '/docs/json', headers: { 'accept-encoding': 'identity' } });

    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.json()).toMatchObject({ openapi: expect.any(String) });
  });

  it('leaves a response under 1 KB alone, where compressing costs more than it saves', async () => {
    const response = await app.inject({ url: '/health', headers: { 'accept-encoding': 'br, gzip' } });

    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('compresses the metrics page and error bodies by the same rule', async () => {
    app.get('/test/large-error', async () => {
      throw Object.assign(new Error('x'.repeat(2000)), { statusCode: 400 });
    });

    const metrics = await app.inject({ url: '/metrics', headers: { 'accept-encoding': 'gzip' } });
    const error = await app.inject({ url: '/test/large-error', headers: { 'accept-encoding': 'gzip' } });

    expect(metrics.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(metrics.rawPayload).toString()).toContain('# TYPE');
    expect(error.statusCode).toBe(400);
    expect(error.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(error.rawPayload).toString())).toMatchObject({ status: 400 });
  });
});
