import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { describeGeneratedService, runBackend, startBuiltService } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

const realDatabaseUrl = process.env.TEST_DATABASE_URL;
const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** How soon the job of a killed worker completes elsewhere, as the service's README promises (defaults as shipped). */
const documentedRecoveryMs = 15_000;
const jobCount = 1000;

/**
 * Run with the built service's own modules: `enqueue <run>` enqueues the jobs of a run through the queue's API;
 * `report <run>` prints what became of them.
 */
const killTestScript = `
import { loadConfig, loadEnvFile } from './dist/config.js';
import { connectDatabase } from './dist/db/connection.js';
import { crunchJob } from './dist/jobs/crunch.job.js';
import { createLogger } from './dist/lib/logger.js';
import { connectQueue } from './dist/lib/pg-boss-queue.js';

const [command, run] = process.argv.slice(2);
loadEnvFile();
const config = loadConfig();
const database = await connectDatabase(config);
if (command === 'enqueue') {
  const queue = await connectQueue(config, createLogger(config), database);
  for (let n = 0; n < ${jobCount}; n += 1) await queue.enqueue(crunchJob, { run, n, ms: 100 });
} else {
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
}
await database.close();
`;

interface Report {
  total: number;
  completed: number;
  recovered: number;
  lastRecoveredAt: number | null;
  firstStartedAt: number | null;
  lastCompletedAt: number | null;
}

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
      `loses none of ${jobCount} jobs when one of two workers is killed mid-run, and runs its jobs elsewhere in time`,
      async () => {
        if (!realDatabaseUrl) throw new Error('CI must provide TEST_DATABASE_URL (see .ci/run)');
        const dir = projectDir();
        // A job as a user adds one: its payload from the command, its handler written by hand (100 ms of work).
        await runBackend(dir, ['add', 'job', 'crunch', 'run:uuid', 'n:integer', 'ms:integer:range(0,10000)']);
        const jobFile = join(dir, 'src/jobs/crunch.job.ts');
        const stub = await readFile(jobFile, 'utf8');
        const handled = stub.replace(
          /logger\.info\(\{ fields: Object\.keys\(payload\) \}, 'crunch: nothing to do yet'\);/,
          "await new Promise((resolve) => setTimeout(resolve, payload.ms));\n    logger.debug({ n: payload.n }, 'crunched');",
        );
        expect(handled).not.toBe(stub);
        await writeFile(jobFile, handled);
        await writeFile(join(dir, 'kill-test.mjs'), killTestScript);
        await runIn(dir, 'npm', ['run', 'build']);
        const env = { DATABASE_URL: realDatabaseUrl, NODE_ENV: 'development', LOG_LEVEL: 'info' };
        await runIn(dir, 'npm', ['run', 'db:migrate'], env); // creates the new job's queue
        const run = randomUUID();
        const report = async () =>
          JSON.parse(await runIn(dir, 'node', ['kill-test.mjs', 'report', run], env)) as Report;
        await runIn(dir, 'node', ['kill-test.mjs', 'enqueue', run], env);
        expect(await report()).toMatchObject({ total: jobCount, completed: 0 });

        const [doomed, survivor] = [startWorker(dir, env), startWorker(dir, env)];
        for (const worker of [doomed, survivor]) {
          await expect.poll(() => worker.output(), { timeout: 30_000, interval: 100 }).toContain('worker started');
        }
        await expect
          .poll(async () => (await report()).completed, { timeout: 30_000, interval: 200 })
          .toBeGreaterThan(100);
        doomed.process.kill('SIGKILL');
        const killedAt = Date.now();
        expect((await doomed.process).signal).toBe('SIGKILL');

        await expect.poll(async () => (await report()).completed, { timeout: 120_000, interval: 500 }).toBe(jobCount);
        const final = await report();
        // The killed worker had jobs running (up to its concurrency): they ran again on the survivor, once each.
        expect(final.total).toBe(jobCount);
        expect(final.recovered).toBeGreaterThanOrEqual(1);
        const recoveryMs = final.lastRecoveredAt! - killedAt;
        expect(recoveryMs).toBeLessThan(documentedRecoveryMs);
        const seconds = (final.lastCompletedAt! - final.firstStartedAt!) / 1000;
        console.info(
          `kill test: ${jobCount} jobs of 100 ms in ${seconds.toFixed(1)} s on two workers (one killed); ` +
            `${final.recovered} recovered, the last ${(recoveryMs / 1000).toFixed(1)} s after the kill`,
        );

        survivor.process.kill('SIGTERM');
        expect((await survivor.process).exitCode, survivor.output()).toBe(0);
      },
    );
  },
});

/** `node dist/worker.js`, with its output gathered. */
function startWorker(projectDir: string, env: Record<string, string>) {
  const process = execa('node', ['dist/worker.js'], { cwd: projectDir, env, all: true, reject: false });
  let output = '';
  process.all?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { process, output: () => output };
}
