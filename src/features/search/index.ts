import type { Feature } from '../types.js';

/**
 * Full-text search, whichever engine finds the rows: the `?q=` and `?highlight=` parameters of the lists of
 * searchable resources, how a query is read (quotes, OR, -word, the word being typed), and safe highlights. The
 * engine is the affair of search-postgres or search-elasticsearch.
 */
export const searchFeature: Feature = {
  id: 'search',
  description: 'Full-text search in lists: ?q= in a web search syntax, ?highlight=, escaped highlights',
  when: (options) => options.search !== 'none',
  dependencies: [],
  devDependencies: [],
  env: [],
  templates: 'search',
};
