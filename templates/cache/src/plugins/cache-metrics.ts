import fp from 'fastify-plugin';
import { Counter } from 'prom-client';

import type { Cache, CacheStats } from '../lib/cache.js';

/**
 * The cache's counts in /metrics: hits, misses, and errors (operations the store failed, whose requests went on
 * from the database). The hit ratio is hits / (hits + misses); errors that climb mean the store is away.
 */
export default fp<{ cache: Cache }>(
  async (app, { cache }) => {
    const counter = (name: string, help: string, count: keyof CacheStats) =>
      new Counter({
        name,
        help,
        registers: [app.metrics],
        // Read when /metrics is scraped: the cache keeps its own counts.
        collect() {
          this.reset();
          this.inc(cache.stats[count]);
        },
      });
    counter('cache_hits_total', 'Cache reads that found a value', 'hits');
    counter('cache_misses_total', 'Cache reads that found none (the value was loaded from the database)', 'misses');
    counter('cache_errors_total', 'Cache operations the store failed (the request went on without it)', 'errors');
  },
  { name: 'cache-metrics', dependencies: ['metrics'] },
);
