import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { addExampleArgs } from '../helpers/examples.js';
import { describeGeneratedServiceWithRedis, runBackend, startBuiltService } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

/** A request the stand-in cluster got: its method, its path and query, and its body. */
interface Received {
  method: string;
  url: string;
  body: string;
}

/**
 * An HTTP server that answers as an Elasticsearch cluster that takes every write, and keeps what it was sent: no
 * cluster can be installed where this runs, and what matters here is which requests the service's worker sends.
 */
async function startStandInCluster() {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', body });
      response.setHeader('x-elastic-product', 'Elasticsearch');
      response.setHeader('content-type', 'application/json');
      response.statusCode = request.method === 'PUT' && request.url?.includes('/_doc/') ? 201 : 200;
      response.end(request.method === 'HEAD' ? undefined : JSON.stringify({ acknowledged: true, result: 'ok' }));
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** The writes of documents it got, as `METHOD path?query body` */
    writes: () =>
      received
        .filter((request) => request.url.includes('/_doc/'))
        .map((request) => `${request.method} ${request.url} ${request.body}`.trim()),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

// The search-elasticsearch preset with a queue (BullMQ): each write of a searchable resource enqueues a search-index
// job in its transaction, and a worker brings the index in step. Checked without a cluster: the generated tests see
// the jobs enqueued and run the job against a local stand-in; here, the built service's own worker writes to one.
await describeGeneratedServiceWithRedis('search-elasticsearch', {
  extraArgs: ['--queue', 'bullmq'],
  suitesOnRealServers: ['src/jobs', 'src/lib', 'src/main.test.ts'],
  moreChecks: (projectDir) => {
    it('adds searchable resources whose writes enqueue their indexing', async () => {
      expect(await runBackend(projectDir(), addExampleArgs('articles'))).toContain(
        'A search-index job, enqueued with each write, keeps their index (articles) in step',
      );
      await runBackend(projectDir(), ['add', 'resource', 'comments', 'body:text:searchable', '--parent', 'articles']);
      await runIn(projectDir(), 'npm', ['run', 'typecheck']);
      await runIn(projectDir(), 'npm', ['run', 'lint']);
      await runIn(projectDir(), 'npm', ['run', 'format:check']);
    });

    it('passes the tests of its searchable resources, the jobs their writes enqueue included', async () => {
      // On PostgreSQL where TEST_DATABASE_URL names a server (CI), else on the embedded database.
      const output = await runIn(projectDir(), 'npm', [
        'test',
        '--',
        '--reporter=verbose',
        'src/modules/articles',
        'src/modules/comments',
      ]);
      expect(output).toMatch(/enqueues the indexing of each write/);
      expect(output).toMatch(/Tests\s+\d+ passed \| \d+ skipped/);
    });

    it("keeps an index in step through its worker, in the built service, at each row's version", async () => {
      await runIn(projectDir(), 'npm', ['run', 'build']);
      const cluster = await startStandInCluster();
      const service = await startBuiltService(projectDir(), process.execPath, {
        env: { ELASTICSEARCH_URL: cluster.url },
      });
      try {
        const json = { 'content-type': 'application/json' };
        const created = await fetch(`${service.url}/v1/articles`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ title: 'Kubernetes for beginners', body: 'Pods, services and deployments' }),
        });
        expect(created.status).toBe(201);
        const { id } = (await created.json()) as { id: string };
        const document = `/search-elasticsearch-service-articles/_doc/${id}`;
        await expect
          .poll(cluster.writes, { timeout: 15_000, interval: 100 })
          .toContainEqual(expect.stringMatching(new RegExp(`^PUT ${document}\\?version=1&version_type=external_gte`)));

        const patched = await fetch(`${service.url}/v1/articles/${id}`, {
          method: 'PATCH',
          headers: json,
          body: JSON.stringify({ title: 'Kubernetes at scale' }),
        });
        expect(patched.status).toBe(200);
        await expect
          .poll(cluster.writes, { timeout: 15_000, interval: 100 })
          .toContainEqual(expect.stringMatching(/version=2&.*"title":"Kubernetes at scale"/));

        expect((await fetch(`${service.url}/v1/articles/${id}`, { method: 'DELETE' })).status).toBe(204);
        await expect
          .poll(cluster.writes, { timeout: 15_000, interval: 100 })
          .toContainEqual(expect.stringMatching(new RegExp(`^DELETE ${document}`)));

        const ready = await fetch(`${service.url}/ready`);
        expect(await ready.json()).toMatchObject({ status: 'ok', checks: { search: 'ok', queue: 'ok' } });
      } finally {
        await service.stop();
        await cluster.close();
      }
    });
  },
});
