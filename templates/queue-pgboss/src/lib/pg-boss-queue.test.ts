import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import { getTestDatabase, testConfig } from '../../test/helpers.js';
import { defineJob, type JobDefinition, type JobPolicy, next } from '../jobs/job.js';
import { createLogger } from './logger.js';
import { connectQueue, type PgBossQueue } from './pg-boss-queue.js';

/**
 * Against the test database (PGlite, or PostgreSQL with TEST_DATABASE_URL): each test has job types of its own, named
 * at random, so that tests never take each other's jobs.
 */
describe('the job queue (pg-boss)', () => {
  const opened: PgBossQueue[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((queue) => queue.stop(1000)));
  });

  const config = testConfig({ JOB_MAINTENANCE_INTERVAL_SECONDS: '1' });
  const logger = createLogger({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });

  async function open(runsJobs = false): Promise<PgBossQueue> {
    const queue = await connectQueue(config, logger, await getTestDatabase(), { runsJobs });
    opened.push(queue);
    return queue;
  }

  function testJob<Payload>(
    payload: z.ZodType<Payload, Payload>,
    handle: JobDefinition<Payload>['handle'],
    policy: Partial<JobPolicy> = {},
  ): JobDefinition<Payload> {
    return defineJob({ name: `test-${randomUUID()}`, payload, handle, policy });
  }

  async function jobRow(id: string) {
    const { db } = await getTestDatabase();
    const { rows } = await sql<{ state: string; retry_count: number; output: { message?: string } | null }>`
      SELECT state, retry_count, output FROM pgboss.job WHERE id = ${id}
    `.execute(db);
    return rows[0];
  }

  const noop = async () => {};
  const counter = z.object({ n: z.number().int() });

  it('enqueues a job if and only if the transaction that enqueues it commits', async () => {
    const queue = await open();
    const job = testJob(counter, noop);
    await queue.prepare([job]); // as connectQueue does for the jobs in src/jobs/index.ts
    const { db } = await getTestDatabase();

    await expect(
      db.transaction().execute(async (transaction) => {
        await queue.enqueue(job, { n: 1 }, { transaction });
        throw new Error('the write failed'); // rolls back, the job with it
      }),
    ).rejects.toThrow('the write failed');
    const committed = await db.transaction().execute((transaction) => queue.enqueue(job, { n: 2 }, { transaction }));

    const { rows } = await sql<{ data: unknown }>`SELECT data FROM pgboss.job WHERE name = ${job.name}`.execute(db);
    expect(rows).toEqual([{ data: { n: 2 } }]);
    expect(await jobRow(committed)).toMatchObject({ state: 'created' });
  });

  it('refuses a payload that does not fit its schema, and enqueues nothing', async () => {
    const queue = await open();
    const job = testJob(counter, noop);
    await queue.prepare([job]);

    await expect(queue.enqueue(job, { n: 1.5 })).rejects.toThrow(z.ZodError);
    expect(await queue.counts()).not.toContainEqual(expect.objectContaining({ name: job.name }));
  });

  it('runs each job with its payload, and counts it completed once its handler has finished', async () => {
    const queue = await open(true);
    const seen: number[] = [];
    const job = testJob(counter, async ({ n }) => {
      seen.push(n);
    });
    await queue.work([job], { config, db: (await getTestDatabase()).db });

    const ids = [await queue.enqueue(job, { n: 1 }), await queue.enqueue(job, { n: 2 })];

    await vi.waitFor(async () => expect((await jobRow(ids[1] ?? ''))?.state).toBe('completed'), { timeout: 10_000 });
    expect(seen.sort()).toEqual([1, 2]);
    expect(await queue.counts()).toContainEqual({ name: job.name, waiting: 0, active: 0, completed: 2, failed: 0 });
  });

  it('runs up to its concurrency of jobs at once, and takes the next as soon as one ends', async () => {
    const queue = await open(true);
    let running = 0;
    let most = 0;
    const job = testJob(
      counter,
      async () => {
        running += 1;
        most = Math.max(most, running);
        await sleep(100);
        running -= 1;
      },
      { concurrency: 4 },
    );
    await queue.prepare([job]);
    await Promise.all(Array.from({ length: 40 }, (_, n) => queue.enqueue(job, { n })));
    const started = Date.now();

    await queue.work([job], { config, db: (await getTestDatabase()).db });

    await vi.waitFor(
      async () =>
        expect(await queue.counts()).toContainEqual(expect.objectContaining({ name: job.name, completed: 40 })),
      { timeout: 15_000, interval: 100 },
    );
    expect(most).toBe(4);
    // Ten rounds of 100 ms, not a poll's wait between jobs (which would take 40 s).
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it("enqueues the jobs a handler returns as its run is recorded completed, and none for a run no longer the job's", async () => {
    const queue = await open(true);
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
    await queue.work([parent, child], { config, db });

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

  it('retries a failing job with backoff, keeps it as failed with its error after the last retry, and runs it again on demand', async () => {
    const queue = await open(true);
    const attempts: number[] = [];
    let fixed = false;
    const job = testJob(
      counter,
      async (_payload, { attempt }) => {
        attempts.push(attempt);
        if (!fixed) throw new Error('the mail server said no');
      },
      { retryLimit: 2, retryDelaySeconds: 1 },
    );
    await queue.work([job], { config, db: (await getTestDatabase()).db });
    const started = Date.now();

    const id = await queue.enqueue(job, { n: 1 });

    await vi.waitFor(async () => expect((await jobRow(id))?.state).toBe('failed'), { timeout: 15_000, interval: 200 });
    expect(attempts).toEqual([1, 2, 3]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000); // waits of 1 s, then 2 s
    expect(await jobRow(id)).toMatchObject({ retry_count: 2, output: { message: 'the mail server said no' } });

    fixed = true;
    expect(await queue.retryFailed(job.name)).toBe(1);
    await vi.waitFor(async () => expect((await jobRow(id))?.state).toBe('completed'), { timeout: 10_000 });
  });

  it('fails a job whose payload no longer fits at once, with the reason, and does not retry it', async () => {
    const queue = await open(true);
    const name = `test-${randomUUID()}`;
    let runs = 0;
    // Enqueued by an older release, whose payload had a number where this one expects text.
    const older = defineJob({ name, payload: counter, handle: noop, policy: { retryLimit: 3 } });
    const newer = defineJob({
      name,
      payload: z.object({ n: z.string() }),
      handle: async () => {
        runs += 1;
      },
      policy: { retryLimit: 3 },
    });
    await queue.work([newer], { config, db: (await getTestDatabase()).db });

    const id = await queue.enqueue(older, { n: 1 });

    await vi.waitFor(async () => expect((await jobRow(id))?.state).toBe('failed'), { timeout: 10_000 });
    expect(await jobRow(id)).toMatchObject({
      retry_count: 0,
      output: { message: expect.stringMatching(/^Invalid payload/) },
    });
    expect(runs).toBe(0);
  });

  it('gives up on a run that outlives its timeout, tells its handler to stop, and runs the job again', async () => {
    const queue = await open(true);
    const signals: AbortSignal[] = [];
    const job = testJob(
      counter,
      async (_payload, { attempt, signal }) => {
        signals.push(signal);
        if (attempt === 1) await new Promise<void>(() => {}); // hangs, as a handler waiting on a dead connection
      },
      { timeoutSeconds: 2, retryDelaySeconds: 1 },
    );
    await queue.work([job], { config, db: (await getTestDatabase()).db });
    const started = Date.now();

    const id = await queue.enqueue(job, { n: 1 });

    await vi.waitFor(async () => expect((await jobRow(id))?.state).toBe('completed'), {
      timeout: 15_000,
      interval: 100,
    });
    // The timeout, the retry delay and a poll: seconds, not the minutes of pg-boss's defaults.
    expect(Date.now() - started).toBeLessThan(8000);
    expect(signals.map((signal) => signal.aborted)).toEqual([true, false]);
    expect(await jobRow(id)).toMatchObject({ retry_count: 1 });
  });

  it('runs the job of a worker that died mid-run again, once its timeout has passed', async () => {
    const job = testJob(counter, noop, { timeoutSeconds: 2, retryDelaySeconds: 1 });
    const queue = await open(true);
    await queue.prepare([job]);
    const id = await queue.enqueue(job, { n: 1 });
    const { db } = await getTestDatabase();
    // As a worker that was killed leaves it: taken (active), started, never finished.
    await sql`UPDATE pgboss.job SET state = 'active', started_on = now() WHERE id = ${id}`.execute(db);
    const since = Date.now();

    await queue.work([job], { config, db });

    await vi.waitFor(async () => expect((await jobRow(id))?.state).toBe('completed'), {
      timeout: 15_000,
      interval: 100,
    });
    // Its timeout, the upkeep that notices it (every second or two), the retry's wait and a poll.
    expect(Date.now() - since).toBeLessThan(9000);
    expect(await jobRow(id)).toMatchObject({ retry_count: 1 });
  });

  it('lets a running job finish when stopped within the time given, and hands back one that does not', async () => {
    const queue = await open(true);
    const { db } = await getTestDatabase();
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
    await queue.prepare([quick, slow]);
    const [quickId, slowId] = [await queue.enqueue(quick, { n: 1 }), await queue.enqueue(slow, { n: 1 })];
    await queue.work([quick, slow], { config, db });
    await vi.waitFor(() => expect([...started].sort()).toEqual(['quick', 'slow']), { timeout: 5000, interval: 10 });

    await queue.stop(2500);
    opened.splice(opened.indexOf(queue), 1);

    expect(await jobRow(quickId)).toMatchObject({ state: 'completed' });
    expect(await jobRow(slowId)).toMatchObject({ state: 'retry' }); // to run again, on any worker
    expect(slowSignal?.aborted).toBe(true); // and its handler is told to stop
  });
});
