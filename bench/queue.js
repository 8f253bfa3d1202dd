#!/usr/bin/env node
// Background jobs through a generated service's own queue code, on PostgreSQL:
//   - what an enqueue adds to a request's transaction: the p50 and p95 of `queue.enqueue(job, payload,
//     { transaction })` inside a transaction, against an INSERT of a row of the same size in the same place;
//   - jobs per second through one worker process (`node dist/worker.js`, the default concurrency of 4) for a
//     no-op job, from a backlog enqueued beforehand, timed from its first start to its last completion.
// Both queues in one run: pg-boss, and BullMQ (through its outbox) on Redis at BENCH_REDIS_URL (default
// redis://127.0.0.1:6379); BENCH_QUEUES (pg-boss,bullmq) picks them.
//
// Needs a PostgreSQL URL (BENCH_DATABASE_URL or TEST_DATABASE_URL) whose role may create databases. BENCH_NODE
// (default 24) runs the worker; BENCH_JOBS (5000) sizes the backlog, BENCH_ENQUEUES (2000) the latency sample.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

import { benchNodes, createDatabase, run } from './http-load.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server');
const jobCount = Number(process.env.BENCH_JOBS ?? 5000);
const enqueues = Number(process.env.BENCH_ENQUEUES ?? 2000);
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const queues = (process.env.BENCH_QUEUES ?? 'pg-boss,bullmq').split(',').map((queue) => queue.trim());
/** What differs between the queues: the module, and how the script counts completed jobs and clears them. */
const queueCode = {
  'pg-boss': {
    module: 'pg-boss-queue',
    clear: "await sql`DELETE FROM pgboss.job WHERE name = 'noop'`.execute(db);",
    done: `
  const { rows } = await sql\`
    SELECT (count(*) FILTER (WHERE state = 'completed'))::int AS completed,
           (extract(epoch FROM max(completed_on) - min(started_on)))::float8 AS seconds
    FROM pgboss.job WHERE name = 'noop'\`.execute(db);
  console.log(JSON.stringify(rows[0]));`,
  },
  bullmq: {
    module: 'bullmq-queue',
    // The outbox's rows, and whatever an earlier run left in Redis.
    clear: `
  await sql\`DELETE FROM job_outbox WHERE name = 'noop'\`.execute(db);
  const { Queue } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const connection = new Redis(config.QUEUE_REDIS_URL, { maxRetriesPerRequest: null });
  const noop = new Queue('noop', { connection });
  await noop.obliterate({ force: true });
  await noop.close();
  connection.disconnect();`,
    done: `
  const { Queue } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const connection = new Redis(config.QUEUE_REDIS_URL, { maxRetriesPerRequest: null });
  const noop = new Queue('noop', { connection });
  const { completed } = await noop.getJobCounts('completed');
  let seconds = null;
  if (completed >= Number(count)) {
    const jobs = await noop.getJobs(['completed'], 0, -1);
    seconds = (Math.max(...jobs.map((job) => job.finishedOn)) - Math.min(...jobs.map((job) => job.processedOn))) / 1000;
  }
  console.log(JSON.stringify({ completed, seconds }));
  await noop.close();
  connection.disconnect();`,
  },
};
const [node] = benchNodes('24');
const createBin = new URL('../bin/create-backend.js', import.meta.url).pathname;
const backendBin = new URL('../bin/backend.js', import.meta.url).pathname;

// Run inside the service, with its built modules: `latency` measures, `enqueue` fills the backlog, `done` counts.
const script = ({ module, clear, done }) => `
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadConfig } from './dist/config.js';
import { connectDatabase } from './dist/db/connection.js';
import { noopJob } from './dist/jobs/noop.job.js';
import { createLogger } from './dist/lib/logger.js';
import { connectQueue } from './dist/lib/${module}.js';

const [command, count] = process.argv.slice(2);
const config = loadConfig();
const database = await connectDatabase(config);
const queue = await connectQueue(config, createLogger(config), database);
const { db } = database;
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.floor(values.length * q)];
if (command === 'latency') {
  await sql\`CREATE TABLE IF NOT EXISTS bench_rows (id bigserial PRIMARY KEY, data jsonb NOT NULL)\`.execute(db);
  const timings = { enqueue: [], insert: [] };
  for (let n = 0; n < Number(count); n += 1) {
    await db.transaction().execute(async (transaction) => {
      let started = performance.now();
      await queue.enqueue(noopJob, { n }, { transaction });
      timings.enqueue.push(performance.now() - started);
      started = performance.now();
      await transaction.insertInto('bench_rows').values({ data: JSON.stringify({ n }) }).execute();
      timings.insert.push(performance.now() - started);
    });
  }
  ${clear}
  const summary = (values) => ({ p50: quantile(values, 0.5), p95: quantile(values, 0.95) });
  console.log(JSON.stringify({ enqueue: summary(timings.enqueue), insert: summary(timings.insert) }));
} else if (command === 'enqueue') {
  for (let n = 0; n < Number(count); n += 1) await queue.enqueue(noopJob, { n });
} else {${done}
}
await queue.close();
await database.close();
`;

const workDir = mkdtempSync(join(tmpdir(), 'create-backend-bench-queue-'));
const results = [];
try {
  for (const name of queues) {
    const project = join(workDir, name);
    console.log(`Generating, installing and building the service with --queue ${name} and a no-op job...`);
    run(process.execPath, [createBin, project, '--yes', '--no-git', '--queue', name]);
    run(process.execPath, [backendBin, 'add', 'job', 'noop', 'n:integer'], { cwd: project });
    const jobFile = join(project, 'src/jobs/noop.job.ts');
    const stub = readFileSync(jobFile, 'utf8');
    writeFileSync(jobFile, stub.replace(/logger\.info\(\{ fields[^\n]*/, "logger.debug({ n: payload.n }, 'no-op');"));
    writeFileSync(join(project, 'bench-queue.mjs'), script(queueCode[name]));
    run('npm', ['run', 'build'], { cwd: project });
    const env = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: createDatabase(serverUrl, `bench_queue_${name.replace('-', '')}`, project),
      QUEUE_REDIS_URL: redisUrl,
    };
    run(process.execPath, ['dist/scripts/db-migrate.js'], { cwd: project, env });
    const inProject = (...args) => run(node.binary, ['bench-queue.mjs', ...args], { cwd: project, env });

    const latency = JSON.parse(inProject('latency', String(enqueues)));
    console.log(`Enqueueing a backlog of ${jobCount} no-op jobs...`);
    inProject('enqueue', String(jobCount));
    const worker = spawn(node.binary, ['dist/worker.js'], { cwd: project, env, stdio: 'inherit' });
    let done;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      done = JSON.parse(inProject('done', String(jobCount)));
      if (done.completed >= jobCount && done.seconds !== null) break;
    }
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
    results.push({ name, latency, jobsPerSecond: Math.round(jobCount / done.seconds) });
  }

  const ms = (value) => `${value.toFixed(2)} ms`;
  console.log(`\nNode ${node.version}, PostgreSQL at ${new URL(serverUrl).host}, Redis at ${new URL(redisUrl).host}`);
  console.log('queue    enqueue in a transaction p50 / p95   INSERT beside it p50 / p95   no-op jobs/s (one worker)');
  for (const { name, latency, jobsPerSecond } of results) {
    console.log(
      `${name.padEnd(9)}${ms(latency.enqueue.p50)} / ${ms(latency.enqueue.p95)}`.padEnd(47) +
        `${ms(latency.insert.p50)} / ${ms(latency.insert.p95)}`.padEnd(29) +
        `${jobsPerSecond}`,
    );
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
