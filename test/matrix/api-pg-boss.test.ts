import { expect, it } from 'vitest';
import { killOneOfTwoWorkers, killTestJobs, startWorker } from '../helpers/kill-test.js';
import { describeGeneratedService, freshDatabase, startBuiltService } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

const realDatabaseUrl = process.env.TEST_DATABASE_URL;
const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** What became of a kill test's jobs, from pg-boss's table. */
const reportFromPgBoss = `
  const { rows } = await database.pool.query(
    \`SELECT count(*)::int AS total,
            (count(*) FILTER (WHERE state = 'completed'))::int AS completed,
            (count(*) FILTER (WHERE retry_count > 0))::int AS recovered,
            (extract(epoch FROM max(completed_on) FILTER (WHERE retry_count > 0)) * 1000)::float8 AS "lastRecoveredAt",
            (extract(epoch FROM min(started_on)) * 1000)::float8 AS "firstStartedAt",
            (extract(epoch FROM max(completed_on)) * 1000)::float8 AS "lastCompletedAt"
     FROM pgboss.job WHERE name = 'crunch' AND data->>'run' = $1\`,
    [run],
  );
  console.log(JSON.stringify(rows[0]));
`;

// The api preset runs every other suite on PostgreSQL and Node 24: these are what the queue adds or changes.
describeGeneratedService('api-pg-boss', {
  suitesOnRealServers: [
    'src/lib/pg-boss-queue.test.ts',
    'src/jobs',
    'src/db/connection.test.ts',
    'src/modules/accounts',
    'src/modules/health',
    'src/main.test.ts',
  ],
  moreChecks: (projectDir) => {
    // A database of this preset's own: the other presets migrate the shared one with migrations this one lacks.
    let database: Promise<string> | undefined;
    const databaseUrl = () => (database ??= freshDatabase(projectDir(), realDatabaseUrl ?? '', 'matrix_api_pg_boss'));

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
        const env = { DATABASE_URL: await databaseUrl(), NODE_ENV: 'development', LOG_LEVEL: 'info' };
        await runIn(projectDir(), 'npm', ['run', 'db:migrate'], env);
        const worker = startWorker(projectDir(), env);
        await expect.poll(() => worker.output(), { timeout: 30_000, interval: 200 }).toContain('worker started');

        const retry = await runIn(projectDir(), 'npm', ['run', 'jobs:retry'], env);
        expect(retry).toMatch(/\d+ failed jobs? queued again/);

        worker.process.kill('SIGTERM');
        const exited = await worker.process;
        expect(exited.exitCode, worker.output()).toBe(0);
        expect(worker.output()).toContain('closing job queue');
      },
    );

    it.runIf(realDatabaseUrl || inCi)(
      `loses none of ${killTestJobs} jobs when one of two workers is killed mid-run, and runs its jobs elsewhere in time`,
      async () => {
        if (!realDatabaseUrl) throw new Error('CI must provide TEST_DATABASE_URL (see .ci/run)');
        const env = { DATABASE_URL: await databaseUrl(), NODE_ENV: 'development', LOG_LEVEL: 'info' };
        await killOneOfTwoWorkers(projectDir(), env, { queueModule: 'pg-boss-queue', reportBody: reportFromPgBoss });
      },
    );
  },
});
