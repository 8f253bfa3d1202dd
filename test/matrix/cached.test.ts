import { expect, it } from 'vitest';
import { backendBin, runCli } from '../helpers/cli.js';
import { addExampleArgs } from '../helpers/examples.js';
import { describeGeneratedService, startBuiltService } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

const node24 = process.env.NODE24_BIN;
const inCi = process.env.CI === 'true' || process.env.CI === '1';

describeGeneratedService('cached', {
  moreChecks: (projectDir) => {
    it('caches the resources it adds, flat and nested, with no server at all; serves them from memory over HTTP', async () => {
      const backend = async (args: string[]) => {
        const result = await runCli(backendBin, args, { cwd: projectDir() });
        expect(result.stderr).toBe('');
        expect(result.exitCode).toBe(0);
        return result.stdout;
      };
      await backend(addExampleArgs('projects'));
      await backend(addExampleArgs('tasks'));
      // A reference that cascades: not cached, and the command says why.
      const labels = await backend([
        'add',
        'resource',
        'labels',
        'name:string',
        'project:references(projects):cascade',
      ]);
      expect(labels).toContain('Labels are not cached');
      await runIn(projectDir(), 'npm', ['run', 'typecheck']);
      await runIn(projectDir(), 'npm', ['run', 'lint']);
      await runIn(projectDir(), 'npm', ['run', 'format:check']);

      const suites = ['src/modules', 'src/lib'];
      const onPglite = await runIn(projectDir(), 'npm', ['test', '--', ...suites], { TEST_DATABASE_URL: undefined });
      expect(onPglite).toMatch(/Tests\s+\d+ passed/);
      if (node24 || inCi) {
        if (!node24) throw new Error('CI must provide NODE24_BIN (see .ci/run)');
        const onNode24 = await runIn(projectDir(), node24, ['node_modules/vitest/vitest.mjs', 'run', ...suites], {
          TEST_DATABASE_URL: undefined,
        });
        expect(onNode24).toMatch(/Tests\s+\d+ passed/);
      }

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
