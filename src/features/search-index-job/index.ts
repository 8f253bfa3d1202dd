import type { Feature } from '../types.js';

/**
 * Elasticsearch kept in step through the queue, when the service has both: each write of a searchable resource
 * enqueues a `search-index` job in its transaction, and a worker indexes the row as it is then (or removes its
 * document), retried by the queue while Elasticsearch is away. Without a queue, writes index inline
 * (lib/search-index.ts).
 */
export const searchIndexJobFeature: Feature = {
  id: 'search-index-job',
  description:
    'A search-index job, enqueued with each write of a searchable resource, that keeps Elasticsearch in step',
  requires: ['search-elasticsearch', 'queue'],
  when: (options) => options.search === 'elasticsearch' && options.queue !== 'none',
  dependencies: [],
  devDependencies: [],
  env: [],
  templates: 'search-index-job',
};
