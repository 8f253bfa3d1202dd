import fp from 'fastify-plugin';
import type pg from 'pg';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { z } from 'zod';

import { isProbe, probeRouteConfig } from '../lib/probes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The registry /metrics shows: a plugin registered after this one adds its own metrics to it. */
    readonly metrics: Registry;
  }
}

/**
 * Prometheus metrics at GET /metrics: the process's default metrics, a request duration histogram by route,
 * method and status code, and the database pool's connections. The histogram counts the clients' requests, not
 * the probes (/health, /ready, /metrics itself) that orchestrators and scrapers send every few seconds.
 */
export default fp<{ pool: pg.Pool }>(
  async (app, { pool }) => {
    // One registry per app instance, so that several apps in one process (tests) do not collide.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    app.decorate('metrics', registry);

    const requestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests in seconds',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });

    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });

    app.addHook('onResponse', (request, reply, done) => {
      if (isProbe(request)) return done();
      requestDuration.observe(
        {
          method: request.method,
          // The route pattern (/v1/tasks/:id), not the raw URL: one time series per route, not per id.
          route: request.routeOptions.url ?? 'unmatched',
          status_code: reply.statusCode,
        },
        reply.elapsedTime / 1000,
      );
      done();
    });

    app.get(
      '/metrics',
      {
        config: probeRouteConfig,
        schema: { hide: true, response: { 200: z.string() } },
      },
      async (_request, reply) => {
        reply.type(registry.contentType);
        return registry.metrics();
      },
    );
  },
  { name: 'metrics' },
);
