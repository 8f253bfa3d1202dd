import cors from '@fastify/cors';
import fp from 'fastify-plugin';

import type { Config } from '../config.js';

/**
 * Lets the browser pages at CORS_ORIGINS call this API. Preflight requests from those origins get a 204 with the
 * allowed methods and headers; other origins get no CORS headers, so their browsers refuse the response.
 */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const allowedOrigins = new Set(config.CORS_ORIGINS);
    await app.register(cors, {
      // `true` reflects the caller's origin back; `false` sends no CORS header at all (a plain list would still
      // send the allowed methods and headers to any origin).
      origin: (origin, callback) => callback(null, origin !== undefined && allowedOrigins.has(origin)),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Content-Type', 'Authorization', 'X-API-Key', 'X-Request-Id'],
      exposedHeaders: [
        'X-Request-Id',
        'Location',
        'Retry-After',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
      ],
      maxAge: 600, // browsers reuse a preflight answer for 10 minutes
      // Lets those pages send cookies (a session) with their calls; safe because the origins are a fixed list.
      credentials: true,
    });
  },
  { name: 'cors' },
);
