import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

import type { Config } from '../config.js';

/**
 * At most RATE_LIMIT_MAX requests per client IP per RATE_LIMIT_WINDOW_MS; past that, 429 with Retry-After.
 * Counters live in this process's memory, so each instance counts on its own.
 * A route opts out with `config: { rateLimit: false }`, as the probes do (lib/probes.ts).
 */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    await app.register(rateLimit, {
      global: true,
      max: config.RATE_LIMIT_MAX,
      timeWindow: config.RATE_LIMIT_WINDOW_MS,
      // RateLimit-Limit/-Remaining/-Reset (IETF draft) rather than the older X-RateLimit-* headers.
      enableDraftSpec: true,
    });
  },
  { name: 'rate-limit' },
);
