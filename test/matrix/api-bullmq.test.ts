import { expect, it } from 'vitest';
import { killOneOfTwoWorkers, killTestJobs, startWorker } from '../helpers/kill-test.js';
import { describeGeneratedServiceWithRedis, freshDatabase, startBuiltService } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

const realDatabaseUrl = process.env.TEST_DATABASE_URL;
const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** What became of a kill test's jobs, from BullMQ's records in Redis (and the outbox, for those not moved yet). */
const reportFromBullMq = `
  const { Queue } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const connection = new Redis(config.QUEUE_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('crunch', { connection });
  const { rows } = await database.pool.query(
    "SELECT count(*)::int AS count FROM job_outbox WHERE name = 'crunch' AND payload->>'run' = $1",
    [run],
  );
  const states = ['completed', 'active', 'waiting', 'delayed', 'prioritized', 'failed'];
  const jobs = (await queue.getJobs(states, 0, -1)).filter((job) => job && job.data.run === run);
  const completed = (await queue.getJobs(['completed'], 0, -1)).filter((job) => job && job.data.run === run);
  const recovered = completed.filter((job) => job.stalledCounter > 0);
  const latest = (list, key) => (list.length === 0 ? null : Math.max(...list.map((job) => job[key])));
  console.log(
    JSON.stringify({
      total: rows[0].count + jobs.length,
      completed: completed.length,
      recovered: recovered.length,
      lastRecoveredAt: latest(recovered, 'finishedOn'),
      firstStartedAt: completed.length === 0 ? null : Math.min(...completed.map((job) => job.processedOn)),
      lastCompletedAt: latest(completed, 'finishedOn'),
    }),
  );
  await queue.close();
  connection.disconnect();
`;

// The api preset runs every other suite on PostgreSQL and Node 24: these are what the queue adds or changes.
await describeGeneratedServiceWithRedis('api-bullmq', {
  suitesOnRealServers: [
    'src/lib/bullmq-queue.test.ts',
    'src/jobs',
    'src/modules/accounts',
    'src/modules/health',
    'src/main.test.ts',
  ],
  moreChecks: (projectDir) => {
    // A database of this preset's own: the other presets migrate the shared one with migrations this one lacks.
    let database: Promise<string> | undefined;
    const databaseUrl = () => (database ??= freshDatabase(projectDir(), realDatabaseUrl ?? '', 'matrix_api_bullmq'));

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
        await killOneOfTwoWorkers(projectDir(), env, { queueModule: 'bullmq-queue', reportBody: reportFromBullMq });
      },
    );
  },
});
