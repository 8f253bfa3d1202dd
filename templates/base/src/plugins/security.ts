import type { IncomingMessage, ServerResponse } from 'node:http';

import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

import type { Config } from '../config.js';

/**
 * The headers helmet would set, worked out once. Helmet is written as middleware that sets headers on each
 * response, but with static options its headers never depend on the request: running it once, on a stand-in
 * response that only records them, spares every request from running it again.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * Security headers on every response, errors and 404s included: helmet's defaults, and `Cache-Control: no-store`.
 * An API's answers are someone's data: no cache, shared or the browser's, keeps one unless its route says it may
 * (an entity's GET says `private, no-cache`: keep it, but ask again with its ETag before using it).
 */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const headers = {
      ...helmetHeaders({
        // HSTS pins browsers to HTTPS for a year; only production is sure to be served over HTTPS.
        strictTransportSecurity: config.NODE_ENV === 'production',
      }),
      'cache-control': 'no-store',
    };
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'security' },
);
