import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { SearchIndexSpec } from '../src/lib/elasticsearch-requests.js';
import { createLogger } from '../src/lib/logger.js';
import { connectSearch, type SearchIndex } from '../src/lib/search-index.js';
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

/** A request a stand-in cluster received: its method, path, query and JSON body. */
export interface ClusterRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/**
 * A local HTTP server that answers as an Elasticsearch cluster would, as `answer` says, and keeps the requests it
 * got: how the tests see what the service sends, and how it takes a cluster's refusals, without a cluster.
 */
export async function startStandInCluster(answer: (request: ClusterRequest) => { status: number; body?: unknown }) {
  const requests: ClusterRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://cluster');
      const text = Buffer.concat(chunks).toString();
      const received = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      requests.push(received);
      const { status, body } = answer(received);
      response.setHeader('x-elastic-product', 'Elasticsearch'); // the client refuses a server without it
      response.setHeader('content-type', 'application/json');
      response.statusCode = status;
      response.end(body === undefined || received.method === 'HEAD' ? undefined : JSON.stringify(body));
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * The search index of a service whose ELASTICSEARCH_URL is `url` (undefined: search is off), logging into `lines`:
 * each line as a parsed object.
 */
export async function searchAt(url: string | undefined, lines: Record<string, unknown>[] = []): Promise<SearchIndex> {
  const logger = createLogger(
    { NODE_ENV: 'production', LOG_LEVEL: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return connectSearch({ ...testConfig(), ELASTICSEARCH_URL: url, ELASTICSEARCH_TIMEOUT_MS: 1000 }, logger);
}
