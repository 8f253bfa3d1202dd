import type { SearchIndexSpec } from '../src/lib/elasticsearch-requests.js';
import { createLogger } from '../src/lib/logger.js';
import { connectSearch } from '../src/lib/search-index.js';
import { testConfig } from './helpers.js';

/**
 * Whether the tests have an Elasticsearch cluster: ELASTICSEARCH_URL set in the environment. Without one, search is
 * off, and the tests of search in each searchable resource are skipped (and those of search being off run).
 */
export const searchIsOn = testConfig().ELASTICSEARCH_URL !== undefined;

/**
 * Empties a resource's index, so that a test of search starts from the rows it makes: the database is emptied
 * between tests, and the documents of the rows it held must go too.
 */
export async function clearSearchIndex(spec: SearchIndexSpec): Promise<void> {
  const config = testConfig();
  const search = await connectSearch(config, createLogger(config));
  try {
    await search.clear(spec);
  } finally {
    await search.close();
  }
}
