import type { SearchIndexSpec } from '../lib/elasticsearch-requests.js';
import { articlesSearchIndex } from './articles/articles.repository.js';
import { commentsSearchIndex } from './comments/comments.repository.js';

/**
 * The index of every searchable resource, which `backend add resource` lists here (and `backend remove resource`
 * takes out): what `npm run search:reindex` rebuilds.
 */
export const searchIndexes: SearchIndexSpec[] = [articlesSearchIndex, commentsSearchIndex];
