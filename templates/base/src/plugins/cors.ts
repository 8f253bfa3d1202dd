import fp from 'fastify-plugin';

import type { Config } from '../config.js';

const allowedMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].join(', ');
const allowedHeaders = [
  'Content-Type',
  'Authorization',
  'X-API-Key',
  'X-Request-Id',
  // Conditional requests (lib/entity-tags.ts) and safe retries (plugins/idempotency.ts)
  'If-Match',
  'If-None-Match',
  'Idempotency-Key',
].join(', ');
// The response headers a page may read, besides the few every response exposes (Content-Type...).
const exposedHeaders = [
  'X-Request-Id',
  'Location',
  'ETag',
  'Idempotent-Replayed',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
].join(', ');
// How long a browser may reuse a preflight's answer: 10 minutes.
const preflightMaxAgeSeconds = '600';

/**
 * Lets the browser pages at CORS_ORIGINS call this API (https://fetch.spec.whatwg.org/#http-cors-protocol). A
 * preflight from one of those origins gets a 204 with the allowed methods and headers; their other requests get the
 * headers that let the page read the response. Any other origin gets no CORS header at all, so its browser
 * refuses the response. Written here rather than taken from @fastify/cors, which resolves its options again for
 * every request: these are fixed at start-up, and the check is one lookup in a set.
 */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const allowedOrigins = new Set(config.CORS_ORIGINS);

    app.addHook('onRequest', (request, reply, done) => {
      // The answer depends on the Origin header: a cache must not give one origin's copy to another.
      reply.header('vary', 'Origin');
      const origin = request.headers.origin;
      if (origin === undefined || !allowedOrigins.has(origin)) return done();

      reply.header('access-control-allow-origin', origin);
      // Lets those pages send cookies (a session) with their calls; safe because the origins are a fixed list.
      reply.header('access-control-allow-credentials', 'true');
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
        // A preflight is answered here, before the rate limit, routing and authentication, as browsers send it
        // without credentials.
        reply.headers({
          'access-control-allow-methods': allowedMethods,
          'access-control-allow-headers': allowedHeaders,
          'access-control-max-age': preflightMaxAgeSeconds,
          'content-length': '0', // some browsers wait for a body after a 204 that does not say it has none
        });
        reply.code(204).send();
        return;
      }
      reply.header('access-control-expose-headers', exposedHeaders);
      done();
    });
  },
  { name: 'cors' },
);
