import { expect, it } from 'vitest';
import { addExampleArgs } from '../helpers/examples.js';
import { describeGeneratedService, runBackend, startBuiltService } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

const realDatabaseUrl = process.env.TEST_DATABASE_URL;
const node24 = process.env.NODE24_BIN;
const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** The suites of the searchable resources, whose relevance tests run on every engine and Node version. */
const searchSuites = ['src/modules/articles', 'src/modules/comments'];

// The minimal preset runs every base suite on PostgreSQL and Node 24; the embedded database here loads two more
// extensions, so its own suites (connection, migrator) run there too, with the searchable resources added below.
describeGeneratedService('search', {
  suitesOnRealServers: ['src/db'],
  moreChecks: (projectDir) => {
    it('adds searchable resources: articles weighted by field, and comments nested under them', async () => {
      const added = await runBackend(projectDir(), addExampleArgs('articles'));
      expect(added).toContain('Articles are searchable');
      await runBackend(projectDir(), ['add', 'resource', 'comments', 'body:text:searchable', '--parent', 'articles']);
      expect(await runBackend(projectDir(), ['info'])).toContain(
        'resources: articles (searchable), comments (nested, searchable)',
      );
      await runIn(projectDir(), 'npm', ['run', 'typecheck']);
      await runIn(projectDir(), 'npm', ['run', 'lint']);
      await runIn(projectDir(), 'npm', ['run', 'format:check']);
    });

    it('passes the relevance tests on PGlite', async () => {
      const output = await runIn(projectDir(), 'npm', ['test', '--', ...searchSuites], {
        TEST_DATABASE_URL: undefined,
      });
      expect(output).toMatch(/articles\.test\.ts/);
      expect(output).toMatch(/comments\.test\.ts/);
      expect(output).toMatch(/Tests\s+\d+ passed \(\d+\)/); // none skipped
    });

    it.runIf(realDatabaseUrl || inCi)('passes the relevance tests on PostgreSQL', async () => {
      if (!realDatabaseUrl) throw new Error('CI must provide TEST_DATABASE_URL (see .ci/run)');
      const output = await runIn(projectDir(), 'npm', ['test', '--', ...searchSuites], {
        TEST_DATABASE_URL: realDatabaseUrl,
      });
      expect(output).toMatch(/Tests\s+\d+ passed/);
    });

    it.runIf(node24 || inCi)('passes the relevance tests on Node 24', async () => {
      if (!node24) throw new Error('CI must provide NODE24_BIN (see .ci/run)');
      const output = await runIn(projectDir(), node24, ['node_modules/vitest/vitest.mjs', 'run', ...searchSuites], {
        TEST_DATABASE_URL: undefined,
      });
      expect(output).toMatch(/Tests\s+\d+ passed/);
    });

    it('searches over HTTP in the built service: ranked, misspelt, highlighted', async () => {
      await runIn(projectDir(), 'npm', ['run', 'build']);
      const service = await startBuiltService(projectDir());
      try {
        const post = async (article: object) => {
          const response = await fetch(`${service.url}/v1/articles`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(article),
          });
          expect(response.status).toBe(201);
          return ((await response.json()) as { id: string }).id;
        };
        const inBody = await post({ title: 'Operating clusters', body: 'Kubernetes upgrades, one node at a time' });
        const inTitle = await post({ title: 'Kubernetes for beginners', body: 'Pods, services and deployments' });
        await post({ title: 'Sourdough at home', body: 'Flour, water, salt and time' });

        const search = async (query: string) => {
          const response = await fetch(`${service.url}/v1/articles?${query}`);
          expect(response.status).toBe(200);
          return (await response.json()) as { total: number; data: { id: string; highlights?: { title?: string } }[] };
        };
        const ranked = await search('q=kubernetes&highlight=true');
        expect(ranked.data.map((article) => article.id)).toEqual([inTitle, inBody]);
        expect(ranked.data[0]?.highlights?.title).toBe('<mark>Kubernetes</mark> for beginners');
        // Misspelt: compared in the title and summary (weights A and B), not in the body.
        expect((await search('q=kubernetis')).data.map((article) => article.id)).toEqual([inTitle]);
        expect((await search('q=sourdo')).total).toBe(1);
      } finally {
        await service.stop();
      }
    });
  },
});
