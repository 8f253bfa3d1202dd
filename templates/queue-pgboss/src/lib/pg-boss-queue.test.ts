import { setTimeout as sleep } from 'node:timers/promises';

import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { getTestDatabase, testConfig } from '../../test/helpers.js';
import { workContext } from '../../test/jobs.js';
import { counter, itBehavesLikeAQueue, noop, testJob } from '../../test/queue-scenarios.js';
import { type JobDefinition, next } from '../jobs/job.js';
import { createLogger } from './logger.js';
import { connectQueue, type PgBossQueue } from './pg-boss-queue.js';

/**
 * Against the test database (PGlite, or PostgreSQL with TEST_DATABASE_URL): the scenarios every queue passes
 * (test/queue-scenarios.ts), then what is pg-boss's own.
 */
describe('the job queue (pg-boss)', () => {
  const opened: PgBossQueue[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((queue) => queue.stop(1000)));
  });

  const config = testConfig({ JOB_MAINTENANCE_INTERVAL_SECONDS: '1' });
  const logger = createLogger({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });

  /** A queue with the queues of these job types created, as connectQueue creates those of src/jobs/index.ts. */
  async function open(jobs: readonly JobDefinition[], { runsJobs = false } = {}): Promise<PgBossQueue> {
    const queue = await connectQueue(config, logger, await getTestDatabase(), { runsJobs });
    opened.push(queue);
    await queue.prepare(jobs);
    return queue;
  }

  async function jobRow(id: string) {
    const { db } = await getTestDatabase();
    const { rows } = await sql<{ state: string; retry_count: number; output: { message?: string } | null }>`
      SELECT state, retry_count, output FROM pgboss.job WHERE id = ${id}
    `.execute(db);
    return rows[0];
  }

  itBehavesLikeAQueue({
    open,
    heldJob: async (_job, id) => {
      const row = await jobRow(id);
      return row && { state: row.state, attempts: row.retry_count + 1, error: row.output?.message };
    },
    shortestTwoRetriesMs: 3000, // waits of 1 to 2 s, then 2 to 4 s
  });

  it('counts its jobs by type and state, for /metrics', async () => {
    const job = testJob(counter, noop);
    const queue = await open([job], { runsJobs: true });
    const ids = [await queue.enqueue(job, { n: 1 }), await queue.enqueue(job, { n: 2 })];
    expect(await queue.counts()).toContainEqual({ name: job.name, waiting: 2, active: 0, completed: 0, failed: 0 });

    await queue.work([job], await workContext());

    for (const id of ids) {
      await vi.waitFor(async () => expect((await jobRow(id))?.state).toBe('completed'), { timeout: 10_000 });
    }
    expect(await queue.counts()).toContainEqual({ name: job.name, waiting: 0, active: 0, completed: 2, failed: 0 });
  });

  it("enqueues the jobs a handler returns as its run is recorded completed, and none for a run no longer the job's", async () => {
    const { db } = await getTestDatabase();
    const seen: number[] = [];
    const returned = new Set<number>();
    const child = testJob(counter, async ({ n }) => {
      seen.push(n);
    });
    const parent = testJob(counter, async ({ n }, { jobId }) => {
      if (n === 2) {
        // As the upkeep leaves a run it gave up on for its time: the job waits to run again, elsewhere.
        await sql`UPDATE pgboss.job SET state = 'retry', start_after = now() + interval '1 hour' WHERE id = ${jobId}`.execute(
          db,
        );
      }
      returned.add(n);
      return [next(child, { n })];
    });
    const queue = await open([parent, child], { runsJobs: true });
    await queue.work([parent, child], await workContext());

    const [kept, lost] = [await queue.enqueue(parent, { n: 1 }), await queue.enqueue(parent, { n: 2 })];

    await vi.waitFor(() => expect(seen).toEqual([1]), { timeout: 10_000 });
    await vi.waitFor(() => expect(returned.has(2)).toBe(true));
    await sleep(1000); // the lost run's completion has been tried, and refused, by now
    expect(await jobRow(kept)).toMatchObject({ state: 'completed' });
    expect(await jobRow(lost)).toMatchObject({ state: 'retry' });
    const { rows } = await sql<{ n: number }>`
      SELECT (data->>'n')::int AS n FROM pgboss.job WHERE name = ${child.name}
    `.execute(db);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('runs the job of a worker that died mid-run again, once its timeout has passed', async () => {
    const job = testJob(counter, noop, { timeoutSeconds: 2, retryDelaySeconds: 1 });
    const queue = await open([job], { runsJobs: true });
    const id = await queue.enqueue(job, { n: 1 });
    const { db } = await getTestDatabase();
    // As a worker that was killed leaves it: taken (active), started, never finished.
    await sql`UPDATE pgboss.job SET state = 'active', started_on = now() WHERE id = ${id}`.execute(db);
    const since = Date.now();

    await queue.work([job], await workContext());

    await vi.waitFor(async () => expect((await jobRow(id))?.state).toBe('completed'), {
      timeout: 15_000,
      interval: 100,
    });
    // Its timeout, the upkeep that notices it (every second or two), the retry's wait and a poll.
    expect(Date.now() - since).toBeLessThan(9000);
    expect(await jobRow(id)).toMatchObject({ retry_count: 1 });
  });

  it('lets a running job finish when stopped within the time given, and hands back one that does not', async () => {
    const started = new Set<string>();
    const quick = testJob(counter, async () => {
      started.add('quick');
      await sleep(1000);
    });
    let slowSignal: AbortSignal | undefined;
    // On its last attempt: handed back, it must still run again rather than fail for good.
    const slow = testJob(
      counter,
      async (_payload, { signal }) => {
        started.add('slow');
        slowSignal = signal;
        await sleep(6000);
      },
      { retryLimit: 0, retryDelaySeconds: 1 },
    );
    const queue = await open([quick, slow], { runsJobs: true });
    const [quickId, slowId] = [await queue.enqueue(quick, { n: 1 }), await queue.enqueue(slow, { n: 1 })];
    await queue.work([quick, slow], await workContext());
    await vi.waitFor(() => expect([...started].sort()).toEqual(['quick', 'slow']), { timeout: 5000, interval: 10 });

    await queue.stop(2500);
    opened.splice(opened.indexOf(queue), 1);

    expect(await jobRow(quickId)).toMatchObject({ state: 'completed' });
    expect(await jobRow(slowId)).toMatchObject({ state: 'retry' }); // to run again, on any worker
    expect(slowSignal?.aborted).toBe(true); // and its handler is told to stop
  });
});
