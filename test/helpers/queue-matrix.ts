import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { freshDatabase, runBackend, startBuiltService } from './matrix.js';
import { runIn } from './service.js';

/**
 * The checks of a preset with a queue, on its built service: jobs run inside the development server on the embedded
 * database; on PostgreSQL (a database of the preset's own, as the others migrate the shared one with migrations this
 * one lacks), `db:migrate`, a worker process, `jobs:retry` and SIGTERM; and the kill test. `queueModule` is the
 * service's queue module (in dist/lib/), `reportBody` how the kill test reads what became of its jobs.
 */
export function queueChecks(
  projectDir: () => string,
  { preset, queueModule, reportBody }: { preset: string; queueModule: string; reportBody: string },
): void {
  const realDatabaseUrl = process.env.TEST_DATABASE_URL;
  const inCi = process.env.CI === 'true' || process.env.CI === '1';
  let database: Promise<string> | undefined;
  const workerEnv = async () => {
    if (!realDatabaseUrl) throw new Error('CI must provide TEST_DATABASE_URL (see .ci/run)');
    database ??= freshDatabase(projectDir(), realDatabaseUrl, `matrix_${preset.replaceAll('-', '_')}`);
    return { DATABASE_URL: await database, NODE_ENV: 'development', LOG_LEVEL: 'info' };
  };

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
      const env = await workerEnv();
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
      await killOneOfTwoWorkers(projectDir(), await workerEnv(), { queueModule, reportBody });
    },
  );
}

/** How soon the job of a killed worker completes elsewhere, as the service's README promises (defaults as shipped). */
const documentedRecoveryMs = 15_000;
const killTestJobs = 1000;

/** What became of a run's jobs; times in ms since the epoch. */
export interface KillTestReport {
  total: number;
  completed: number;
  /** Jobs that ran again after the run that was under way when their worker died */
  recovered: number;
  lastRecoveredAt: number | null;
  firstStartedAt: number | null;
  lastCompletedAt: number | null;
}

/**
 * Run with the built service's own modules: `enqueue <run>` enqueues the jobs of a run through the queue's API;
 * `report <run>` prints a KillTestReport, which `reportBody` (given `run`, `database` and `config`) computes for the
 * service's queue.
 */
function killTestScript(queueModule: string, reportBody: string): string {
  return `
import { loadConfig, loadEnvFile } from './dist/config.js';
import { connectDatabase } from './dist/db/connection.js';
import { crunchJob } from './dist/jobs/crunch.job.js';
import { createLogger } from './dist/lib/logger.js';
import { connectQueue } from './dist/lib/${queueModule}.js';

const [command, run] = process.argv.slice(2);
loadEnvFile();
const config = loadConfig();
const database = await connectDatabase(config);
if (command === 'enqueue') {
  const queue = await connectQueue(config, createLogger(config), database);
  for (let n = 0; n < ${killTestJobs}; n += 1) await queue.enqueue(crunchJob, { run, n, ms: 100 });
  await queue.close();
} else {
${reportBody}
}
await database.close();
`;
}

/**
 * On the built service against PostgreSQL (and its queue's server): adds a job as a user would (`backend add job`,
 * then 100 ms of work in its handler), enqueues 1,000, starts two worker processes, SIGKILLs one mid-run, and checks
 * that every job completes, none twice over, and the killed worker's jobs within the documented time.
 */
async function killOneOfTwoWorkers(
  dir: string,
  env: Record<string, string>,
  { queueModule, reportBody }: { queueModule: string; reportBody: string },
): Promise<void> {
  await runBackend(dir, ['add', 'job', 'crunch', 'run:uuid', 'n:integer', 'ms:integer:range(0,10000)']);
  const jobFile = join(dir, 'src/jobs/crunch.job.ts');
  const stub = await readFile(jobFile, 'utf8');
  const handled = stub.replace(
    /logger\.info\(\{ fields: Object\.keys\(payload\) \}, 'crunch: nothing to do yet'\);/,
    "await new Promise((resolve) => setTimeout(resolve, payload.ms));\n    logger.debug({ n: payload.n }, 'crunched');",
  );
  expect(handled).not.toBe(stub);
  await writeFile(jobFile, handled);
  await writeFile(join(dir, 'kill-test.mjs'), killTestScript(queueModule, reportBody));
  await runIn(dir, 'npm', ['run', 'build']);
  await runIn(dir, 'npm', ['run', 'db:migrate'], env);
  const run = randomUUID();
  const report = async () =>
    JSON.parse(await runIn(dir, 'node', ['kill-test.mjs', 'report', run], env)) as KillTestReport;
  await runIn(dir, 'node', ['kill-test.mjs', 'enqueue', run], env);

  const [doomed, survivor] = [startWorker(dir, env), startWorker(dir, env)];
  for (const worker of [doomed, survivor]) {
    await expect.poll(() => worker.output(), { timeout: 30_000, interval: 100 }).toContain('worker started');
  }
  await expect.poll(async () => (await report()).completed, { timeout: 30_000, interval: 200 }).toBeGreaterThan(100);
  doomed.process.kill('SIGKILL');
  const killedAt = Date.now();
  expect((await doomed.process).signal).toBe('SIGKILL');

  await expect.poll(async () => (await report()).completed, { timeout: 120_000, interval: 500 }).toBe(killTestJobs);
  const final = await report();
  // The killed worker had jobs running (up to its concurrency): they ran again on the survivor.
  expect(final.total).toBe(killTestJobs);
  expect(final.recovered).toBeGreaterThanOrEqual(1);
  const recoveryMs = final.lastRecoveredAt! - killedAt;
  expect(recoveryMs).toBeLessThan(documentedRecoveryMs);
  const seconds = (final.lastCompletedAt! - final.firstStartedAt!) / 1000;
  console.info(
    `kill test (${queueModule}): ${killTestJobs} jobs of 100 ms in ${seconds.toFixed(1)} s on two workers (one ` +
      `killed); ${final.recovered} recovered, the last ${(recoveryMs / 1000).toFixed(1)} s after the kill`,
  );

  survivor.process.kill('SIGTERM');
  expect((await survivor.process).exitCode, survivor.output()).toBe(0);
}

/** `node dist/worker.js`, with its output gathered. */
function startWorker(projectDir: string, env: Record<string, string>) {
  const process = execa('node', ['dist/worker.js'], { cwd: projectDir, env, all: true, reject: false });
  let output = '';
  process.all?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { process, output: () => output };
}
