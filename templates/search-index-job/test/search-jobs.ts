import { searchIndexJob } from '../src/jobs/search-index.job.js';
import type { SearchIndexSpec } from '../src/lib/elasticsearch-requests.js';
import { runJob, waitingPayloads } from './jobs.js';

/**
 * Runs the search-index jobs that wait for rows of a resource, once per row, as a worker would: no worker runs in the
 * tests, so this is how a test's writes reach Elasticsearch before it searches. The jobs stay waiting; running one
 * again changes nothing, as each reads its row as it is now.
 */
export async function runSearchIndexJobs(spec: SearchIndexSpec): Promise<void> {
  const waiting = await waitingPayloads(searchIndexJob);
  const ids = new Set(waiting.flatMap((payload) => (payload.table === spec.table ? [payload.id] : [])));
  for (const id of ids) await runJob(searchIndexJob, { table: spec.table, id });
}
