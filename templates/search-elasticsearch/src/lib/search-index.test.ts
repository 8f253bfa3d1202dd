import { once } from 'node:events';
import { createServer } from 'node:net';
import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import type { SearchIndexSpec } from './elasticsearch-requests.js';
import { UnavailableError } from './errors.js';
import { searchAt, startStandInCluster } from '../../test/search.js';

const notes: SearchIndexSpec = { table: 'notes', fields: [{ name: 'title', column: 'title', weight: 'A' }], keys: [] };

/** A URL where nothing listens: a port that was free a moment ago. */
async function unreachableUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}

/** A cluster that has every index and answers every other request with `status`, as `body`. */
function answeringWrites(status: number, body: unknown = { result: 'created' }) {
  return startStandInCluster((request) => (request.method === 'HEAD' ? { status: 200 } : { status, body }));
}

describe('the search index', () => {
  it('names indexes after the service, apart in tests', async () => {
    const search = await searchAt(undefined);
    expect(search.indexName(notes)).toMatch(/-test-notes$/);
  });

  it('is off without ELASTICSEARCH_URL: a search is a 503, a write indexes nothing, /ready has nothing to check', async () => {
    const lines: Record<string, unknown>[] = [];
    const search = await searchAt(undefined, lines);

    await expect(search.find(notes, 'kubernetes', {}, { highlight: false })).rejects.toThrow(UnavailableError);
    await expect(search.put(notes, { id: 'n1', version: 1, title: 'Kubernetes' })).resolves.toBeUndefined();
    await expect(search.ping()).resolves.toBeUndefined();
    expect(lines.map((line) => line.msg)).toEqual(['ELASTICSEARCH_URL is not set: search is off, and ?q= answers 503']);
  });

  it('tries a write three times while Elasticsearch is away, then logs it and lets the request go on', async () => {
    const lines: Record<string, unknown>[] = [];
    const search = await searchAt(await unreachableUrl(), lines);
    try {
      const started = performance.now();
      await expect(search.put(notes, { id: 'n1', version: 1, title: 'Kubernetes' })).resolves.toBeUndefined();
      await expect(search.remove(notes, 'n1')).resolves.toBeUndefined();

      // Waits of 200 ms, then 400 ms, between the tries of each write.
      expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 600);
      const failures = lines.filter((line) => line.level === 50);
      expect(failures.map((line) => [line.action, line.id, line.attempts])).toEqual([
        ['index', 'n1', 3],
        ['delete', 'n1', 3],
      ]);
      expect(failures[0]!.msg).toContain('npm run search:reindex');
      expect(failures[0]!.error).toMatchObject({ name: 'ConnectionError' });
    } finally {
      await search.close();
    }
  });

  it("logs a refused write without the request, so that no row's text reaches the logs", async () => {
    // A cluster that has the index and refuses every write, as one whose disk is full does.
    const cluster = await answeringWrites(429, { error: { type: 'cluster_block_exception' } });
    const lines: Record<string, unknown>[] = [];
    const search = await searchAt(cluster.url, lines);
    try {
      await search.put(notes, { id: 'n1', version: 1, title: 'A private note about Kubernetes' });

      const [failure] = lines.filter((line) => line.level === 50);
      expect(failure!.error).toMatchObject({ name: 'ResponseError', statusCode: 429 });
      expect(JSON.stringify(lines)).not.toContain('private note');
    } finally {
      await search.close();
      await cluster.close();
    }
  });

  it('indexes a row at its version, so that a write that comes late never puts an older text back', async () => {
    // Elasticsearch answers 409 to a document older than the one it holds.
    const cluster = await answeringWrites(409, { error: { type: 'version_conflict_engine_exception' } });
    const lines: Record<string, unknown>[] = [];
    const search = await searchAt(cluster.url, lines);
    try {
      await search.put(notes, { id: 'n1', version: 3, title: 'Kubernetes' });

      const writes = cluster.requests.filter((request) => request.method !== 'HEAD');
      expect(writes).toHaveLength(1); // a conflict is not tried again
      expect(writes[0]!.path).toMatch(/-test-notes\/_doc\/n1$/);
      expect(Object.fromEntries(writes[0]!.query)).toMatchObject({ version: '3', version_type: 'external_gte' });
      expect(writes[0]!.body).toEqual({ title: 'Kubernetes' });
      expect(lines.filter((line) => line.level === 50)).toEqual([]);
    } finally {
      await search.close();
      await cluster.close();
    }
  });

  it('keeps what Elasticsearch quotes of a refused document out of the logs and of the errors it throws', async () => {
    const cluster = await answeringWrites(400, {
      error: {
        type: 'document_parsing_exception',
        reason:
          "[1:10] failed to parse field [title] in document with id 'n1'. Preview of field's value: 'A private note'",
      },
    });
    const lines: Record<string, unknown>[] = [];
    const search = await searchAt(cluster.url, lines);
    try {
      const row = { id: 'n1', version: 1, title: 'A private note' };
      await search.put(notes, row);
      const failed = await search.index(notes, row).catch((error) => error);

      expect(lines.find((line) => line.level === 50)?.error).toMatchObject({
        message: 'document_parsing_exception',
        statusCode: 400,
      });
      expect(JSON.stringify(lines)).not.toContain('private note');
      expect(inspect(failed, { depth: 10 })).not.toContain('private note');
    } finally {
      await search.close();
      await cluster.close();
    }
  });

  it('indexes and unindexes in one try that throws, for a job that its queue retries', async () => {
    const cluster = await answeringWrites(503, { error: { type: 'unavailable_shards_exception' } });
    const lines: Record<string, unknown>[] = [];
    const search = await searchAt(cluster.url, lines);
    try {
      const failed = await search
        .index(notes, { id: 'n1', version: 1, title: 'A private note' })
        .catch((error) => error);
      expect(failed).toMatchObject({ name: 'ResponseError', statusCode: 503 });
      // Without the request, which holds the document: the queue logs a failed job's error whole.
      expect(inspect(failed, { depth: 10 })).not.toContain('private note');
      await expect(search.unindex(notes, 'n1')).rejects.toMatchObject({ statusCode: 503 });
      expect(cluster.requests.filter((request) => request.method !== 'HEAD')).toHaveLength(2);
      expect(lines).toEqual([]); // the queue logs a job's failures
    } finally {
      await search.close();
      await cluster.close();
    }
  });

  it('answers a search with 503 while Elasticsearch is away, and fails /ready', async () => {
    const search = await searchAt(await unreachableUrl());
    try {
      await expect(search.find(notes, 'kubernetes', {}, { highlight: false })).rejects.toThrow(UnavailableError);
      await expect(search.ping()).rejects.toThrow();
    } finally {
      await search.close();
    }
  });
});
