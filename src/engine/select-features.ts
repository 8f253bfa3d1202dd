import type { Feature } from '../features/types.js';
import type { Options } from '../options/schema.js';

/**
 * The features of `registry` that these options select, each after the features it requires, whatever order
 * the registry lists them in.
 */
export function selectFeatures(registry: readonly Feature[], options: Options): Feature[] {
  return orderByRequirements(registry.filter((feature) => feature.when(options)));
}

function orderByRequirements(features: readonly Feature[]): Feature[] {
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
