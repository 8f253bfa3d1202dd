import { expect, it } from 'vitest';
import { addExampleArgs } from '../helpers/examples.js';
import {
  describeGeneratedService,
  runBackend,
  runSuitesOnPostgresAndNode24,
  startBuiltService,
} from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

// The minimal preset runs every suite on PostgreSQL and Node 24; these are what the cache adds or changes.
describeGeneratedService('cached', {
  suitesOnRealServers: ['src/lib', 'src/main.test.ts', 'src/plugins/docs.test.ts'],
  moreChecks: (projectDir) => {
    it('caches the resources it adds, flat and nested, with no server at all; serves them from memory over HTTP', async () => {
      await runBackend(projectDir(), addExampleArgs('projects'));
      await runBackend(projectDir(), addExampleArgs('tasks'));
      // A reference that cascades: not cached, and the command says why.
      const labelsFields = ['name:string', 'project:references(projects):cascade'];
      const labels = await runBackend(projectDir(), ['add', 'resource', 'labels', ...labelsFields]);
      expect(labels).toContain('Labels are not cached');
      await runIn(projectDir(), 'npm', ['run', 'typecheck']);
      await runIn(projectDir(), 'npm', ['run', 'lint']);
      await runIn(projectDir(), 'npm', ['run', 'format:check']);

      const suites = ['src/modules', 'src/lib'];
      const onPglite = await runIn(projectDir(), 'npm', ['test', '--', ...suites], { TEST_DATABASE_URL: undefined });
      expect(onPglite).toMatch(/Tests\s+\d+ passed/);
      await runSuitesOnPostgresAndNode24(projectDir(), suites, { postgres: false });

      await runIn(projectDir(), 'npm', ['run', 'build']);
      const service = await startBuiltService(projectDir());
      try {
        const created = await fetch(`${service.url}/v1/projects`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Cached' }),
        });
        const { id } = (await created.json()) as { id: string };
        for (let read = 0; read < 3; read += 1) {
          expect((await fetch(`${service.url}/v1/projects/${id}`)).status).toBe(200);
        }
        const metrics = await (await fetch(`${service.url}/metrics`)).text();
        expect(metrics).toMatch(/^cache_misses_total 1$/m);
        expect(metrics).toMatch(/^cache_hits_total 2$/m);
      } finally {
        await service.stop();
      }
    });
  },
});
