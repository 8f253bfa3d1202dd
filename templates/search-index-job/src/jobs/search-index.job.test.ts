import { randomUUID } from 'node:crypto';

import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';

import { getTestDatabase } from '../../test/helpers.js';
import { runJob } from '../../test/jobs.js';
import { searchAt, startStandInCluster } from '../../test/search.js';
import type { Database } from '../db/schema.js';
import type { SearchIndexSpec } from '../lib/elasticsearch-requests.js';
import { searchIndexJob, syncDocument } from './search-index.job.js';

// A table of the test's own, as a searchable resource's: temporary, in a transaction, which drops it as it ends.
const notes: SearchIndexSpec = {
  table: 'search_job_notes',
  fields: [{ name: 'title', column: 'title', weight: 'A' }],
  keys: ['owner_id'],
};
const ownerId = randomUUID();

async function withNotes(work: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  const { db } = await getTestDatabase();
  await db.transaction().execute(async (transaction) => {
    await sql`
      CREATE TEMPORARY TABLE search_job_notes (
        id uuid PRIMARY KEY,
        version integer NOT NULL,
        title text NOT NULL,
        owner_id uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      ) ON COMMIT DROP
    `.execute(transaction);
    await work(transaction);
  });
}

/** A cluster that has every index and answers every write with `status`. */
function answeringWrites(status: number) {
  return startStandInCluster((request) =>
    request.method === 'HEAD' ? { status: 200 } : { status, body: status < 300 ? { result: 'ok' } : {} },
  );
}

describe('the search-index job', () => {
  it("indexes a row as it is when the job runs, at the row's version", async () => {
    const cluster = await answeringWrites(201);
    const search = await searchAt(cluster.url);
    try {
      const id = randomUUID();
      await withNotes(async (db) => {
        await sql`INSERT INTO search_job_notes (id, version, title, owner_id) VALUES (${id}, 3, 'Kubernetes', ${ownerId})`.execute(
          db,
        );
        await syncDocument(db, search, notes, id);
      });

      const [write] = cluster.requests.filter((request) => request.method !== 'HEAD');
      expect(write).toMatchObject({ method: 'PUT', body: { title: 'Kubernetes', owner_id: ownerId } });
      expect(write!.path).toBe(`/${search.indexName(notes)}/_doc/${id}`);
      expect(Object.fromEntries(write!.query)).toMatchObject({ version: '3', version_type: 'external_gte' });
    } finally {
      await search.close();
      await cluster.close();
    }
  });

  it('removes the document of a row that is gone', async () => {
    const cluster = await answeringWrites(200);
    const search = await searchAt(cluster.url);
    try {
      const id = randomUUID();
      await withNotes((db) => syncDocument(db, search, notes, id));

      const writes = cluster.requests.filter((request) => request.method !== 'HEAD');
      expect(writes.map((request) => [request.method, request.path])).toEqual([
        ['DELETE', `/${search.indexName(notes)}/_doc/${id}`],
      ]);
    } finally {
      await search.close();
      await cluster.close();
    }
  });

  it('fails while Elasticsearch refuses, in one try, for the queue to retry', async () => {
    const cluster = await answeringWrites(503);
    const search = await searchAt(cluster.url);
    try {
      const id = randomUUID();
      await withNotes(async (db) => {
        await sql`INSERT INTO search_job_notes (id, version, title, owner_id) VALUES (${id}, 1, 'Kubernetes', ${ownerId})`.execute(
          db,
        );
        await expect(syncDocument(db, search, notes, id)).rejects.toMatchObject({ statusCode: 503 });
      });
      expect(cluster.requests.filter((request) => request.method !== 'HEAD')).toHaveLength(1);
    } finally {
      await search.close();
      await cluster.close();
    }
  });

  it('does nothing for a table that no searchable resource has (any more)', async () => {
    const cluster = await answeringWrites(200);
    const search = await searchAt(cluster.url);
    try {
      await expect(runJob(searchIndexJob, { table: 'gone', id: randomUUID() }, { search })).resolves.toBeUndefined();
      expect(cluster.requests).toEqual([]);
    } finally {
      await search.close();
      await cluster.close();
    }
  });

  it('refuses a payload without a row id', () => {
    expect(() => searchIndexJob.payload.parse({ table: 'articles', id: 'not-an-id' })).toThrow();
  });
});
