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

/** Security headers on every response, errors and 404s included: helmet's defaults. */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const headers = helmetHeaders({
      // HSTS pins browsers to HTTPS for a year; only production is sure to be served over HTTPS.
      strictTransportSecurity: config.NODE_ENV === 'production',
    });
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'security' },
);
