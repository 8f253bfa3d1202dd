import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { addExampleArgs } from '../helpers/examples.js';
import { describeGeneratedService, runBackend, startBuiltService } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

// No Elasticsearch server can be installed on the machines this runs on (see README.md). The service is checked as
// it runs without ELASTICSEARCH_URL, with search off: it must compile, pass its tests (those that need a cluster are
// skipped, those of search being off run), start, and answer a search with 503. The requests it sends to a cluster
// are pinned by its unit tests, and its writes' retries are tested against an address where nothing listens.
describeGeneratedService('search-elasticsearch', {
  suitesOnRealServers: ['src/lib', 'src/main.test.ts'],
  moreChecks: (projectDir) => {
    const searchIndexes = () => readFile(join(projectDir(), 'src/modules/search-indexes.ts'), 'utf8');

    it('adds searchable resources, each listed for search:reindex, and takes one out again', async () => {
      expect(await runBackend(projectDir(), addExampleArgs('articles'))).toContain(
        'Elasticsearch keeps their index (articles) in step with each write',
      );
      await runBackend(projectDir(), ['add', 'resource', 'comments', 'body:text:searchable', '--parent', 'articles']);
      expect(await searchIndexes()).toContain('[articlesSearchIndex, commentsSearchIndex]');
      await runBackend(projectDir(), ['remove', 'resource', 'comments']);
      expect(await searchIndexes()).toContain('[articlesSearchIndex]');
      await runBackend(projectDir(), ['add', 'resource', 'comments', 'body:text:searchable', '--parent', 'articles']);
      await runIn(projectDir(), 'npm', ['run', 'typecheck']);
      await runIn(projectDir(), 'npm', ['run', 'lint']);
      await runIn(projectDir(), 'npm', ['run', 'format:check']);
    });

    it('passes the tests of its searchable resources, those that need a cluster skipped', async () => {
      const output = await runIn(projectDir(), 'npm', ['test', '--', 'src/modules/articles', 'src/modules/comments'], {
        TEST_DATABASE_URL: undefined,
      });
      expect(output).toMatch(/articles\.test\.ts/);
      expect(output).toMatch(/comments\.test\.ts/);
      expect(output).toMatch(/Tests\s+\d+ passed \| \d+ skipped/);
    });

    it('refuses search:reindex without ELASTICSEARCH_URL, in one line', async () => {
      const result = await execa('npm', ['run', '--silent', 'search:reindex'], { cwd: projectDir(), reject: false });
      expect(result.exitCode).toBe(1);
      expect(result.stderr.trim()).toBe('ELASTICSEARCH_URL is not set: there is no index to rebuild.');
    });

    it('answers a search with 503 in the built service, and lists without one', async () => {
      await runIn(projectDir(), 'npm', ['run', 'build']);
      const service = await startBuiltService(projectDir());
      try {
        const created = await fetch(`${service.url}/v1/articles`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Kubernetes for beginners', body: 'Pods, services and deployments' }),
        });
        expect(created.status).toBe(201);
        const searched = await fetch(`${service.url}/v1/articles?q=kubernetes`);
        expect(searched.status).toBe(503);
        expect(searched.headers.get('content-type')).toContain('application/problem+json');
        const listed = (await (await fetch(`${service.url}/v1/articles`)).json()) as { total: number };
        expect(listed.total).toBe(1);
        const ready = await fetch(`${service.url}/ready`);
        expect(ready.status).toBe(200);
      } finally {
        await service.stop();
      }
    });
  },
});
