import { cacheService } from '../cache/index.js';
import { type Feature, sameEverywhere } from '../types.js';

/**
 * The cache's values in Redis (ioredis), shared by every instance: one invalidation reaches them all. Commands
 * fail fast while Redis is away, and the service goes on from the database until it is back.
 */
export const cacheRedisFeature: Feature = {
  id: 'cache-redis',
  description: 'The cache in Redis (ioredis), shared by every instance; fails fast, reconnects by itself',
  provides: { cache: 'redis' },
  requires: ['cache'],
  when: (options) => options.cache === 'redis',
  dependencies: ['ioredis'],
  devDependencies: [],
  env: [
    {
      name: 'REDIS_URL',
      description: 'Redis connection string: `redis://[:password@]host:6379[/db]` (`rediss://` for TLS)',
      schema: 'z.url({ protocol: /^rediss?$/ }).optional()',
      defaults: { development: 'redis://127.0.0.1:6379', test: 'redis://127.0.0.1:6379' },
      requiredInProduction: true,
      setByTemplates: true,
    },
    {
      name: 'RATE_LIMIT_STORE',
      description:
        'where rate-limit counters live: `redis`, shared by every instance, or `memory`, per instance (tests: their own)',
      schema: "z.enum(['memory', 'redis'])",
      defaults: { development: 'redis', test: 'memory', production: 'redis' },
    },
    {
      name: 'RATE_LIMIT_FAIL_OPEN',
      description:
        'while Redis is away: `true` lets requests through without a limit, `false` refuses them with 503 and Retry-After',
      schema: 'z.stringbool()',
      defaults: sameEverywhere('true'),
    },
    {
      name: 'IDEMPOTENCY_STORE',
      description:
        'where Idempotency-Keys are kept: `postgres`, or `redis` on a Redis that never evicts (`noeviction`): a key ' +
        'evicted for room would let a retry run twice',
      schema: "z.enum(['postgres', 'redis'])",
      defaults: sameEverywhere('postgres'),
    },
    {
      name: 'REDIS_COMMAND_TIMEOUT_MS',
      description: 'a Redis command that has not answered by then fails, and the request goes on without it',
      schema: 'z.coerce.number().int().positive()',
      defaults: { development: '250', test: '250', production: '250' },
    },
  ],
  templates: 'cache-redis',
  contributes: {
    services: [cacheService('lib/redis-cache-store.js', 'in Redis', { name: 'redis', optional: true })],
    rateLimitStore: { name: 'redisRateLimitStore', from: '../lib/redis-rate-limit-store.js' },
    idempotencyStore: { name: 'redisIdempotencyStore', from: '../lib/redis-idempotency-store.js' },
    composeServices: [
      {
        name: 'redis',
        yaml: [
          '  # The cache. Full, it evicts the least recently used keys (allkeys-lru): every key is a copy of a row in',
          '  # PostgreSQL, so nothing is lost, and nothing is written to disk.',
          '  redis:',
          '    image: redis:7',
          "    command: ['redis-server', '--maxmemory', '256mb', '--maxmemory-policy', 'allkeys-lru', '--save', '']",
          '    ports:',
          "      - '6379:6379'",
          '    healthcheck:',
          "      test: ['CMD', 'redis-cli', 'ping']",
          '      interval: 2s',
          '      timeout: 3s',
          '      retries: 15',
        ].join('\n'),
        environment: [{ name: 'REDIS_URL', value: 'redis://redis:6379' }],
      },
    ],
  },
};
