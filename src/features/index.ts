import type { Options } from '../options/schema.js';
import type { ChoiceKey } from '../options/schema.js';
import { authFeature } from './auth/index.js';
import { authApiKeyFeature } from './auth-api-key/index.js';
import { authJwtFeature } from './auth-jwt/index.js';
import { authOidcFeature } from './auth-oidc/index.js';
import { authPasswordFeature } from './auth-password/index.js';
import { authSessionFeature } from './auth-session/index.js';
import { baseFeature } from './base/index.js';
import { sessionStoreFeature } from './session-store/index.js';
import type { Feature } from './types.js';

/** Every feature the generator knows. Adding a feature means adding its folder and one line here. */
export const allFeatures: readonly Feature[] = [
  baseFeature,
  authFeature,
  authPasswordFeature,
  sessionStoreFeature,
  authSessionFeature,
  authJwtFeature,
  authApiKeyFeature,
  authOidcFeature,
];

export function selectFeatures(options: Options): Feature[] {
  return allFeatures.filter((feature) => feature.when(options));
}

/** The values of an option that some feature implements (`none` always is). */
export function availableValues(key: ChoiceKey): string[] {
  const provided = allFeatures.flatMap((feature) => (feature.provides?.[key] ? [feature.provides[key]] : []));
  return ['none', ...provided];
}

/** Orders features so that each comes after the features it requires, whatever order they were listed in. */
export function orderFeatures(features: readonly Feature[]): Feature[] {
  const byId = new Map(features.map((feature) => [feature.id, feature]));
  const ordered: Feature[] = [];
  const visiting = new Set<string>();
  const visit = (feature: Feature) => {
    if (ordered.includes(feature)) return;
    if (visiting.has(feature.id)) throw new Error(`Features require each other in a cycle at ${feature.id}`);
    visiting.add(feature.id);
    for (const id of feature.requires ?? []) {
      const required = byId.get(id);
      if (!required) throw new Error(`Feature ${feature.id} requires ${id}, which is not selected`);
      visit(required);
    }
    visiting.delete(feature.id);
    ordered.push(feature);
  };
  features.forEach(visit);
  return ordered;
}
