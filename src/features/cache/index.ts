import { type BackingService, type Feature, sameEverywhere } from '../types.js';

/**
 * A cache in front of PostgreSQL: the `Cache` interface the service codes against (get, set, delete, delete by
 * prefix, and a cache-aside `wrap` that loads a key once however many requests miss it at the same time), what
 * it does when its store fails (requests go on from the database), and its metrics. Where the values live is the
 * store's affair: in this process (cache-memory) or in Redis (cache-redis). Resources read by id through it
 * (the `cached` trait of `backend add resource`).
 */
export const cacheFeature: Feature = {
  id: 'cache',
  description: 'A cache-aside Cache (get/set/delete/deleteByPrefix/wrap), failure-tolerant, with metrics',
  when: (options) => options.cache !== 'none',
  dependencies: [],
  devDependencies: [],
  env: [
    {
      name: 'CACHE_TTL_SECONDS',
      description:
        'how long a cached value is kept: the most a value changed outside the API can stay stale (0: cache nothing)',
      schema: 'z.coerce.number().int().nonnegative()',
      defaults: sameEverywhere('60'),
    },
    {
      name: 'CACHE_KEY_PREFIX',
      description: "the first part of every key, so that services sharing a store never read each other's values",
      schema: 'z.string().min(1).optional()',
      unsetMeans: "the service's name",
    },
  ],
  templates: 'cache',
  contributes: {
    plugins: [
      {
        name: 'cacheMetrics',
        from: './plugins/cache-metrics.js',
        options: '{ cache }',
        comment: 'cache hits, misses and errors in /metrics',
      },
    ],
  },
};

/** The cache as a backing service of the app, connected by the store's module (a path from src/). */
export function cacheService(
  connectFrom: string,
  where: string,
  readiness?: BackingService['readiness'],
): BackingService {
  return {
    name: 'cache',
    type: 'Cache',
    typeFrom: 'lib/cache.js',
    connect: 'connectCache',
    connectFrom,
    description: `the cache in front of the database (lib/cache.ts), ${where}`,
    ...(readiness ? { readiness } : {}),
  };
}
