import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';

import { describe, expect, it } from 'vitest';

import type { SearchIndexSpec } from './elasticsearch-requests.js';
import { UnavailableError } from './errors.js';
import { createLogger } from './logger.js';
import { connectSearch } from './search-index.js';

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

async function searchAt(url: string | undefined, lines: Record<string, unknown>[] = []) {
  const logger = createLogger(
    { NODE_ENV: 'production', LOG_LEVEL: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  return connectSearch(
    {
      NODE_ENV: 'test',
      ELASTICSEARCH_URL: url,
      ELASTICSEARCH_INDEX_PREFIX: undefined,
      ELASTICSEARCH_WAIT_FOR_REFRESH: true,
      ELASTICSEARCH_TIMEOUT_MS: 1000,
    },
    logger,
  );
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
    await expect(search.put(notes, { id: 'n1', title: 'Kubernetes' })).resolves.toBeUndefined();
    await expect(search.ping()).resolves.toBeUndefined();
    expect(lines.map((line) => line.msg)).toEqual(['ELASTICSEARCH_URL is not set: search is off, and ?q= answers 503']);
  });

  it('tries a write three times while Elasticsearch is away, then logs it and lets the request go on', async () => {
    const lines: Record<string, unknown>[] = [];
    const search = await searchAt(await unreachableUrl(), lines);
    try {
      const started = performance.now();
      await expect(search.put(notes, { id: 'n1', title: 'Kubernetes' })).resolves.toBeUndefined();
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
    const cluster = createHttpServer((request, response) => {
      response.setHeader('x-elastic-product', 'Elasticsearch');
      response.setHeader('content-type', 'application/json');
      response.statusCode = request.method === 'HEAD' ? 200 : 429;
      response.end(
        request.method === 'HEAD' ? undefined : JSON.stringify({ error: { type: 'cluster_block_exception' } }),
      );
    }).listen(0, '127.0.0.1');
    await once(cluster, 'listening');
    const lines: Record<string, unknown>[] = [];
    const search = await searchAt(`http://127.0.0.1:${(cluster.address() as { port: number }).port}`, lines);
    try {
      await search.put(notes, { id: 'n1', title: 'A private note about Kubernetes' });

      const [failure] = lines.filter((line) => line.level === 50);
      expect(failure!.error).toMatchObject({ name: 'ResponseError', statusCode: 429 });
      expect(JSON.stringify(lines)).not.toContain('private note');
    } finally {
      await search.close();
      cluster.close();
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
