// Rebuilds the search indexes from PostgreSQL: `npm run search:reindex`, or `npm run search:reindex -- <table>` for
// one resource's. After a change of a resource's searchable fields, or once Elasticsearch is back from an outage
// that writes could not reach. Searches go on meanwhile, from the old index, until the new one takes its name.
import { loadConfig, loadEnvFile } from '../config.js';
import { connectDatabase } from '../db/connection.js';
import { createLogger } from '../lib/logger.js';
import { connectSearch } from '../lib/search-index.js';
import { indexedRowBatches } from '../lib/search-rows.js';
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
    // A minute early: a write's updated_at is when its transaction began (on the database's clock), which can be
    // before this if it commits after the rebuild read its row.
    const started = new Date(Date.now() - 60_000);
    const { index, indexed } = await search.rebuild(spec, indexedRowBatches(database.db, spec, { batchSize }));
    // Writes made while the new index was built went to the old one: they are indexed again in the new one (at their
    // versions, so that a row indexed at a newer one already keeps it).
    let again = 0;
    for await (const rows of indexedRowBatches(database.db, spec, { batchSize, since: started })) {
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
