import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

import type { Config } from '../config.js';

/** Security headers on every response (helmet's defaults). */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    await app.register(helmet, {
      // HSTS pins browsers to HTTPS for a year; only production is sure to be served over HTTPS.
      strictTransportSecurity: config.NODE_ENV === 'production',
    });
  },
  { name: 'security' },
);
