import type { ResourceModel } from '../model.js';
import type { ResourceNames } from '../names.js';
import { indexedByElasticsearch } from './searchable.js';
import type { ModuleService, RepositoryDependency } from './types.js';

/**
 * The repository of a resource, as a service is given it: cached ones are constructed with the cache, those that
 * Elasticsearch searches with the search index, and with the queue when a job keeps that index in step.
 */
export function repositoryDependency(names: ResourceNames, model: ResourceModel | undefined): RepositoryDependency {
  const type = `${names.pluralPascal}Repository`;
  const uses: ModuleService[] = [
    ...(model?.traits.includes('cached') ? (['cache'] as const) : []),
    ...(model && indexedByElasticsearch(model) ? (['search'] as const) : []),
    ...(model && indexedByElasticsearch(model) && model.queued ? (['queue'] as const) : []),
  ];
  return { name: names.plural, type, construct: `new ${type}(${['db', ...uses].join(', ')})`, uses };
}
