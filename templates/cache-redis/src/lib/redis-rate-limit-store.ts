import type { RouteOptions } from 'fastify';

import type { Config } from '../config.js';
import { serviceName } from './cache.js';
import { UnavailableError } from './errors.js';
import { connectRedis } from './redis-cache-store.js';

// One step in Redis: count the request, and start the window's expiry with its first request. No other instance
// can come in between the two.
const countScript = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { current, redis.call('PTTL', KEYS[1]) }
`;

type Counted = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * Rate-limit counters in Redis, as a store of @fastify/rate-limit: one counter per client (and route, where a route
 * has a limit of its own) and window, shared by every instance, so that a client's requests count toward one limit
 * whichever instance they reach. A count that fails (Redis away, or too slow) is an UnavailableError: a 503 with
 * Retry-After, unless RATE_LIMIT_FAIL_OPEN lets the request through (plugins/rate-limit.ts).
 */
export async function redisRateLimitStore(
  config: Pick<Config, 'REDIS_URL' | 'REDIS_COMMAND_TIMEOUT_MS' | 'CACHE_KEY_PREFIX'>,
) {
  const redis = await connectRedis(config);
  const namespace = `${config.CACHE_KEY_PREFIX ?? serviceName}:rate-limit:`;

  class RedisRateLimitStore {
    private readonly keyPrefix: string;

    // @fastify/rate-limit constructs the store with its options, which counting in Redis does not need.
    constructor(_options?: unknown, keyPrefix = namespace) {
      this.keyPrefix = keyPrefix;
    }

    incr(key: string, counted: Counted, timeWindowMs: number): void {
      redis.eval(countScript, 1, this.keyPrefix + key, timeWindowMs).then(
        (result) => {
          const [current, ttl] = result as [number, number];
          counted(null, { current, ttl });
        },
        () => counted(new UnavailableError('The rate limit cannot be checked at the moment; try again shortly')),
      );
    }

    // A route with a limit of its own counts apart. @fastify/rate-limit hands the route under `routeInfo` (its
    // typings say otherwise), and an empty one for the limit of the not-found handler.
    child(routeOptions: RouteOptions & { routeInfo?: Partial<Pick<RouteOptions, 'method' | 'url'>> }) {
      const { method = '', url = '' } = routeOptions.routeInfo ?? {};
      return new RedisRateLimitStore(undefined, `${this.keyPrefix}${String(method)}:${url}:`);
    }
  }

  return {
    Store: RedisRateLimitStore,
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
