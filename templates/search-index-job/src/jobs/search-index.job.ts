import type { Kysely } from 'kysely';
import { z } from 'zod';

import type { Database } from '../db/schema.js';
import type { SearchIndexSpec } from '../lib/elasticsearch-requests.js';
import type { SearchIndex } from '../lib/search-index.js';
import { findIndexedRow } from '../lib/search-rows.js';
import { defineJob } from './job.js';

/**
 * Brings the search index in step with a row of a searchable resource. Each create, replace, update and delete of one
 * enqueues it in the transaction of its write, so the job exists if and only if the write committed. It reads the row
 * as it is when it runs, so it is idempotent, and a run that comes after a later write indexes that: the document
 * carries the row's version, and Elasticsearch keeps the newer of two that race.
 *
 * While Elasticsearch is away, the queue retries it: 12 times, 2 s after the first failure and twice as long after
 * each next one, so an outage of up to about two hours heals itself. After a longer one, `npm run jobs:retry --
 * search-index` runs the failed jobs again, or `npm run search:reindex` rebuilds the indexes.
 */
export const searchIndexJob = defineJob({
  name: 'search-index',
  payload: z.object({ table: z.string().min(1), id: z.uuid() }),
  // A run makes sure the index exists, then writes: two or three requests of up to ELASTICSEARCH_TIMEOUT_MS each.
  policy: { retryLimit: 12, retryDelaySeconds: 2, timeoutSeconds: 30 },
  async handle({ table, id }, { db, search, logger }) {
    // The list of indexes is loaded when a job runs, not with this module: it imports the repositories, which import
    // this module to enqueue the job, and a cycle of static imports would read a repository's index before it exists.
    const { searchIndexes } = await import('../modules/search-indexes.js');
    const spec = searchIndexes.find((candidate) => candidate.table === table);
    if (!spec) {
      // Enqueued before its resource was removed, or lost its searchable fields: there is no index to keep.
      logger.warn({ table }, 'no searchable resource has this table: nothing to index');
      return;
    }
    await syncDocument(db, search, spec, id);
  },
});

/**
 * Indexes the row with this id as it is now, or removes its document when the row is gone. In one try: a failure
 * throws, and the queue retries the job.
 */
export async function syncDocument(
  db: Kysely<Database>,
  search: SearchIndex,
  spec: SearchIndexSpec,
  id: string,
): Promise<void> {
  const row = await findIndexedRow(db, spec, id);
  if (row) await search.index(spec, row);
  else await search.unindex(spec, id);
}
