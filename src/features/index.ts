import type { ChoiceKey } from '../options/schema.js';
import { authFeature } from './auth/index.js';
import { authApiKeyFeature } from './auth-api-key/index.js';
import { authJwtFeature } from './auth-jwt/index.js';
import { authOidcFeature } from './auth-oidc/index.js';
import { authPasswordFeature } from './auth-password/index.js';
import { authSessionFeature } from './auth-session/index.js';
import { baseFeature } from './base/index.js';
import { cacheFeature } from './cache/index.js';
import { cacheMemoryFeature } from './cache-memory/index.js';
import { cacheRedisFeature } from './cache-redis/index.js';
import { queueFeature } from './queue/index.js';
import { queueBullMqFeature } from './queue-bullmq/index.js';
import { queuePgBossFeature } from './queue-pgboss/index.js';
import { searchFeature } from './search/index.js';
import { searchElasticsearchFeature } from './search-elasticsearch/index.js';
import { searchIndexJobFeature } from './search-index-job/index.js';
import { searchPostgresFeature } from './search-postgres/index.js';
import { sessionStoreFeature } from './session-store/index.js';
import { welcomeMailFeature } from './welcome-mail/index.js';
import type { Feature } from './types.js';

/** Every feature the generator knows: the registry plan() selects from. Adding a feature means adding its folder and one line here. */
export const allFeatures: readonly Feature[] = [
  baseFeature,
  authFeature,
  authPasswordFeature,
  sessionStoreFeature,
  authSessionFeature,
  authJwtFeature,
  authApiKeyFeature,
  authOidcFeature,
  cacheFeature,
  cacheMemoryFeature,
  cacheRedisFeature,
  queueFeature,
  queuePgBossFeature,
  queueBullMqFeature,
  welcomeMailFeature,
  searchFeature,
  searchPostgresFeature,
  searchElasticsearchFeature,
  searchIndexJobFeature,
];

/** The values of an option that some feature implements (`none` always is). */
export function availableValues(key: ChoiceKey): string[] {
  const provided = allFeatures.flatMap((feature) => (feature.provides?.[key] ? [feature.provides[key]] : []));
  return ['none', ...provided];
}
