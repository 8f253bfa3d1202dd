import { cacheService } from '../cache/index.js';
import { type Feature, sameEverywhere } from '../types.js';

/** The cache's values in this process's memory (lru-cache): nothing to run, but each instance has its own. */
export const cacheMemoryFeature: Feature = {
  id: 'cache-memory',
  description: 'The cache in process memory (lru-cache), bounded by entries and TTL',
  provides: { cache: 'memory' },
  requires: ['cache'],
  when: (options) => options.cache === 'memory',
  dependencies: ['lru-cache'],
  devDependencies: [],
  env: [
    {
      name: 'CACHE_MAX_ENTRIES',
      description: 'the most values the cache holds; past it, the least recently used go first',
      schema: 'z.coerce.number().int().positive()',
      defaults: sameEverywhere('10000'),
    },
  ],
  templates: 'cache-memory',
  contributes: {
    services: [cacheService('lib/memory-cache-store.js', 'in this process')],
  },
};
