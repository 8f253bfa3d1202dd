import type { Feature } from '../types.js';

/**
 * Full-text search in PostgreSQL itself, for resources with searchable fields (the `searchable` trait of
 * `backend add resource`): stemmed words weighted by field, ranked by relevance and rarity, prefixes for
 * type-ahead, accents ignored, and misspellings found by trigrams. Nothing to run besides the database; the
 * embedded one (PGlite) loads the same two extensions.
 */
export const searchPostgresFeature: Feature = {
  id: 'search-postgres',
  description: 'Full-text search in PostgreSQL: weighted tsvector, ranking, prefixes, unaccent, pg_trgm typos',
  provides: { search: 'postgres' },
  requires: ['search'],
  when: (options) => options.search === 'postgres',
  dependencies: [],
  devDependencies: [],
  env: [],
  templates: 'search-postgres',
  contributes: {
    pgliteExtensions: [
      { name: 'pg_trgm', from: '@electric-sql/pglite/contrib/pg_trgm' },
      { name: 'unaccent', from: '@electric-sql/pglite/contrib/unaccent' },
    ],
  },
};
