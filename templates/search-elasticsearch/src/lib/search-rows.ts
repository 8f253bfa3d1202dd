import { type Kysely, sql } from 'kysely';

import type { Database } from '../db/schema.js';
import type { SearchIndexSpec } from './elasticsearch-requests.js';
import type { IndexedRow } from './search-index.js';

// The rows of a searchable resource as its index holds them: what `npm run search:reindex` and the indexing of a
// single row read from PostgreSQL. The table and columns come from the list of indexes (modules/search-indexes.ts),
// never from input; sql.table and sql.ref quote them all the same.

function selectIndexed(spec: SearchIndexSpec) {
  const columns = [...spec.fields.map((field) => field.column), ...spec.keys];
  return sql`SELECT id, version, ${sql.join(columns.map((column) => sql.ref(column)))} FROM ${sql.table(spec.table)}`;
}

/** A row as its document needs it; undefined when there is no such row (it was deleted). */
export async function findIndexedRow(
  db: Kysely<Database>,
  spec: SearchIndexSpec,
  id: string,
): Promise<IndexedRow | undefined> {
  const { rows } = await sql<IndexedRow>`${selectIndexed(spec)} WHERE id = ${id}::uuid`.execute(db);
  return rows[0];
}

/** Every row of a resource's table, in batches of `batchSize` in the order of their ids; with `since`, those changed since. */
export async function* indexedRowBatches(
  db: Kysely<Database>,
  spec: SearchIndexSpec,
  { batchSize, since }: { batchSize: number; since?: Date },
): AsyncGenerator<IndexedRow[]> {
  let after: string | undefined;
  for (;;) {
    const { rows } = await sql<IndexedRow>`
      ${selectIndexed(spec)}
      WHERE (${after ?? null}::uuid IS NULL OR id > ${after ?? null}::uuid)
        AND (${since ?? null}::timestamptz IS NULL OR updated_at >= ${since ?? null}::timestamptz)
      ORDER BY id
      LIMIT ${batchSize}
    `.execute(db);
    if (rows.length === 0) return;
    yield rows;
    after = rows.at(-1)!.id;
  }
}
