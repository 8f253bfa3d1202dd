import { execa } from 'execa';
import { expect, it } from 'vitest';
import { describeGeneratedService, startBuiltService } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

const realDatabaseUrl = process.env.TEST_DATABASE_URL;
const inCi = process.env.CI === 'true' || process.env.CI === '1';

// The api preset runs every other suite on PostgreSQL and Node 24: these are what the queue adds or changes.
describeGeneratedService('api-pg-boss', {
  suitesOnRealServers: ['src/lib/pg-boss-queue.test.ts', 'src/modules/health', 'src/main.test.ts'],
  moreChecks: (projectDir) => {
    it('runs its jobs inside the development server on the embedded database, and says so in /ready', async () => {
      const service = await startBuiltService(projectDir());
      try {
        const ready = await fetch(`${service.url}/ready`);
        expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', queue: 'ok' } });
        expect(await (await fetch(`${service.url}/metrics`)).text()).toContain('# TYPE jobs gauge');
      } finally {
        await service.stop();
      }
    });

    it.runIf(realDatabaseUrl || inCi)(
      'migrates PostgreSQL, runs a worker process, retries failed jobs, and stops the worker on SIGTERM',
      async () => {
        if (!realDatabaseUrl) throw new Error('CI must provide TEST_DATABASE_URL (see .ci/run)');
        const env = { DATABASE_URL: realDatabaseUrl, NODE_ENV: 'development', LOG_LEVEL: 'info' };
        await runIn(projectDir(), 'npm', ['run', 'db:migrate'], env);
        const worker = execa('node', ['dist/worker.js'], { cwd: projectDir(), env, all: true, reject: false });
        let output = '';
        worker.all?.on('data', (chunk: Buffer) => (output += chunk.toString()));
        await expect.poll(() => output, { timeout: 30_000, interval: 200 }).toContain('worker started');

        const retry = await runIn(projectDir(), 'npm', ['run', 'jobs:retry'], env);
        expect(retry).toMatch(/\d+ failed jobs? queued again/);

        worker.kill('SIGTERM');
        const exited = await worker;
        expect(exited.exitCode, output).toBe(0);
        expect(output).toContain('closing job queue');
      },
    );
  },
});
