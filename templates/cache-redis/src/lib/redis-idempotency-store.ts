import { randomUUID } from 'node:crypto';

import type { Config } from '../config.js';
import { serviceName } from './cache.js';
import { UnavailableError } from './errors.js';
import type {
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyStore,
  IdempotencyStoreOptions,
  StoredResponse,
} from './idempotency-store.js';
import { connectRedis } from './redis-cache-store.js';

/** A key's value in Redis: the request it came with, the attempt holding it, and its response once there is one. */
interface StoredKey {
  fingerprint: string;
  attempt: string;
  response?: StoredResponse;
}

// Completes or releases a key only for the attempt that holds it: one whose lease ran out may have lost the key to a
// retry. In one step, so that nothing comes in between the check and the change.
const completeScript = `
local held = redis.call('GET', KEYS[1])
if held and cjson.decode(held).attempt == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
end
`;
const releaseScript = `
local held = redis.call('GET', KEYS[1])
if held and cjson.decode(held).attempt == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
`;

/**
 * Idempotency-Keys in Redis (IDEMPOTENCY_STORE=redis): one key per caller and Idempotency-Key, expiring by itself,
 * after the lease of a running request, then after IDEMPOTENCY_KEY_TTL_SECONDS once its response is kept. While
 * Redis is away, a request that brings a key is answered 503 with Retry-After: without the store, a retry could
 * not be told from a first request, and the client retries the same key later. Requests without a key never
 * touch it.
 */
export async function redisIdempotencyStore(
  config: Pick<Config, 'REDIS_URL' | 'REDIS_COMMAND_TIMEOUT_MS' | 'CACHE_KEY_PREFIX'>,
  options: IdempotencyStoreOptions,
): Promise<{ store: IdempotencyStore; close(): Promise<void> }> {
  const redis = await connectRedis(config);
  const namespace = `${config.CACHE_KEY_PREFIX ?? serviceName}:idempotency:`;
  const keyOf = (scope: string, key: string) => `${namespace}${scope}:${key}`;
  const unavailable = () => new UnavailableError('Idempotency-Keys cannot be checked at the moment; try again shortly');
  const inRedis = async <T>(command: () => Promise<T>): Promise<T> => {
    try {
      return await command();
    } catch {
      throw unavailable();
    }
  };

  const store: IdempotencyStore = {
    async get(scope, key): Promise<IdempotencyRecord | undefined> {
      const text = await inRedis(() => redis.get(keyOf(scope, key)));
      if (text === null) return undefined;
      const { fingerprint, response } = JSON.parse(text) as StoredKey;
      return response ? { fingerprint, response } : { fingerprint };
    },

    async start(claim: IdempotencyClaim) {
      const attempt = randomUUID();
      const value: StoredKey = { fingerprint: claim.fingerprint, attempt };
      // NX: of two requests racing for a key, exactly one sets it.
      const set = await inRedis(() =>
        redis.set(keyOf(claim.scope, claim.key), JSON.stringify(value), 'EX', options.leaseSeconds, 'NX'),
      );
      return set === 'OK' ? attempt : undefined;
    },

    async complete(claim, attempt, response) {
      const value: StoredKey = { fingerprint: claim.fingerprint, attempt, response };
      await inRedis(() =>
        redis.eval(
          completeScript,
          1,
          keyOf(claim.scope, claim.key),
          attempt,
          JSON.stringify(value),
          options.ttlSeconds,
        ),
      );
    },

    async release(claim, attempt) {
      await inRedis(() => redis.eval(releaseScript, 1, keyOf(claim.scope, claim.key), attempt));
    },
  };

  return {
    store,
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
