// Rebuilds the search indexes from PostgreSQL: `npm run search:reindex`, or `npm run search:reindex -- <table>` for
// one resource's. After a change of a resource's searchable fields, or once Elasticsearch is back from an outage
// that writes could not reach. Searches go on meanwhile, from the old index, until the new one takes its name.
import { sql } from 'kysely';

import { loadConfig, loadEnvFile } from '../config.js';
import { connectDatabase } from '../db/connection.js';
import type { SearchIndexSpec } from '../lib/elasticsearch-requests.js';
import { createLogger } from '../lib/logger.js';
import { connectSearch, type IndexedRow } from '../lib/search-index.js';
import { searchIndexes } from '../modules/search-indexes.js';

/** Rows are read and sent in batches of this many, in the order of their ids. */
const batchSize = 500;

loadEnvFile();
const config = loadConfig();
const [table] = process.argv.slice(2);
const chosen = searchIndexes.filter((spec) => table === undefined || spec.table === table);
if (chosen.length === 0) {
  const known = searchIndexes.map((spec) => spec.table).join(', ') || 'none';
  console.error(
    table === undefined ? 'No resource is searchable.' : `No searchable resource is called ${table}: ${known}`,
  );
  process.exit(1);
}
if (config.ELASTICSEARCH_URL === undefined) {
  console.error('ELASTICSEARCH_URL is not set: there is no index to rebuild.');
  process.exit(1);
}

const database = await connectDatabase(config);
const search = await connectSearch(config, createLogger(config));
try {
  for (const spec of chosen) {
    const started = new Date();
    const { index, indexed } = await search.rebuild(spec, rowsOf(spec));
    // Writes made while the new index was built went to the old one: they are indexed again in the new one.
    let again = 0;
    for await (const rows of rowsOf(spec, started)) {
      for (const row of rows) await search.put(spec, row);
      again += rows.length;
    }
    console.log(`${spec.table}: ${indexed} rows indexed in ${index}${again > 0 ? `, ${again} written meanwhile` : ''}`);
  }
} catch (error) {
  // One line, not the client's dump of the request: the old index still serves searches.
  console.error(`search:reindex failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await search.close();
  await database.close();
}

/** The rows of a resource's table, what its documents hold, `batchSize` at a time; those changed since `since`. */
async function* rowsOf(spec: SearchIndexSpec, since?: Date): AsyncGenerator<IndexedRow[]> {
  const columns = [...spec.fields.map((field) => field.column), ...spec.keys];
  let after: string | undefined;
  for (;;) {
    // The table comes from the list of indexes, not from input: sql.table and sql.ref quote it all the same.
    const { rows } = await sql<IndexedRow>`
      SELECT id, ${sql.join(columns.map((column) => sql.ref(column)))}
      FROM ${sql.table(spec.table)}
      WHERE (${after ?? null}::uuid IS NULL OR id > ${after ?? null}::uuid)
        AND (${since ?? null}::timestamptz IS NULL OR updated_at >= ${since ?? null}::timestamptz)
      ORDER BY id
      LIMIT ${batchSize}
    `.execute(database.db);
    if (rows.length === 0) return;
    yield rows;
    after = rows.at(-1)!.id;
  }
}
