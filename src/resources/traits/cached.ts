import type { FieldSpec } from '../field-spec.js';
import type { ResourceNames } from '../names.js';
import { capitalize, variableName, withArticle } from '../render-names.js';
import type { Trait } from './types.js';

/**
 * Reads by id through the service's cache (`--cache memory|redis`; on unless `--no-cache`): cache-aside, keyed by
 * id (under the parent's id, when nested), invalidated by every replace, update and delete the repository makes.
 * A scope that depends on who asks (an owner) is checked on the row itself, cached or not. A parent's delete needs
 * no invalidation of its children: every read of a child first finds its parent, which is gone. Lists are not
 * cached: any write to any row can change any page.
 */
export const cachedTrait: Trait = {
  id: 'cached',
  requires: [
    {
      feature: 'cache',
      message: 'Caching needs a service with a cache, and this one was generated with --cache none.',
    },
  ],
  contribute(model) {
    const { names } = model;
    return {
      imports: {
        repository: [{ from: '../../lib/cache.js', names: [{ name: 'Cache', typeOnly: true }] }],
      },
      repository: { cached: true },
      prose: {
        repository:
          `Reads by id go through the cache (lib/cache.ts), and each replace, update and delete invalidates the ` +
          `${names.singularWords} it changed, for every instance that shares the cache.`,
      },
      note:
        `Reads of ${withArticle(names.singularWords)} by id are cached (CACHE_TTL_SECONDS); writes through the API ` +
        'invalidate them. `--no-cache` leaves a resource out.',
    };
  },
  test(model, plan) {
    const parent = model.parent?.names;
    const nested = parent && {
      parentWords: parent.singularWords,
      helper: plan.rowHelper(parent.table),
      otherUrl: `\`/v1/${parent.kebab}/\${other.id}/${model.names.kebab}/\${${variableName(model.names.singular)}.id}\``,
    };
    return {
      block: {
        template: 'traits/cached/test',
        context: { cached: { owned: model.traits.includes('owned'), nested: nested ?? false } },
      },
    };
  },
};

/**
 * Why a new resource with these fields is not cached, though the service has a cache; undefined when it may be.
 * A reference with ON DELETE CASCADE or SET NULL lets a delete elsewhere change or remove its rows inside the
 * database, which no invalidation would follow. (A parent's is different: see cachedTrait.)
 */
export function notCacheable(fields: readonly FieldSpec[], parent: string | undefined): string | undefined {
  const changedBehind = fields.find(
    (field) =>
      field.references &&
      field.references.resource !== parent &&
      (field.references.onDelete === 'cascade' || field.references.onDelete === 'set-null'),
  );
  if (!changedBehind) return undefined;
  const action = changedBehind.references!.onDelete === 'cascade' ? 'ON DELETE CASCADE' : 'ON DELETE SET NULL';
  return (
    `${changedBehind.name} (${action}) lets a delete of ${changedBehind.references!.resource} change its rows ` +
    'inside the database, where the cache would not see it'
  );
}

/** The line the command prints when a service with a cache gets a resource that is not cached. */
export function notCachedNote(names: ResourceNames, reason: string): string {
  return `${capitalize(names.pluralWords)} are not cached: ${reason}.`;
}
