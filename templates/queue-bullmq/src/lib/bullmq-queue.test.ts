import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { Queue as BullQueue } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import { getTestDatabase, testConfig } from '../../test/helpers.js';
import { defineJob, type JobDefinition, type JobPolicy, next } from '../jobs/job.js';
import { BullMqQueue, connectQueue } from './bullmq-queue.js';
import { createLogger } from './logger.js';

/**
 * Against the test database (PGlite, or PostgreSQL with TEST_DATABASE_URL) and Redis at QUEUE_REDIS_URL: each test
 * has job types of its own, named at random, so that tests never take each other's jobs.
 */
describe('the job queue (BullMQ)', () => {
  const opened: BullMqQueue[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((queue) => queue.close()));
  });

  const config = testConfig();
  const logger = createLogger({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const redis = new Redis(config.QUEUE_REDIS_URL ?? '', { maxRetriesPerRequest: null });
  const inspectors: BullQueue[] = [];
  afterAll(async () => {
    await Promise.all(inspectors.map((inspector) => inspector.close()));
    redis.disconnect();
  });

  async function open(): Promise<BullMqQueue> {
    const queue = await connectQueue(config, logger, await getTestDatabase());
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

  /** The job as BullMQ holds it: its state, attempts and error, or undefined while it is in the outbox. */
  async function jobIn(job: JobDefinition, id: string) {
    const inspector = new BullQueue(job.name, { connection: redis });
    inspectors.push(inspector);
    const found = await inspector.getJob(id);
    if (!found) return undefined;
    return { state: await found.getState(), attemptsMade: found.attemptsMade, failedReason: found.failedReason };
  }

  async function inOutbox(name: string): Promise<unknown[]> {
    const { db } = await getTestDatabase();
    const { rows } = await sql<{ payload: unknown }>`SELECT payload FROM job_outbox WHERE name = ${name}`.execute(db);
    return rows.map((row) => row.payload);
  }

  const noop = async () => {};
  const counter = z.object({ n: z.number().int() });

  it('enqueues a job if and only if the transaction that enqueues it commits, through the outbox', async () => {
    const queue = await open();
    const job = testJob(counter, noop);
    const { db } = await getTestDatabase();

    await expect(
      db.transaction().execute(async (transaction) => {
        await queue.enqueue(job, { n: 1 }, { transaction });
        throw new Error('the write failed'); // rolls back, the job with it
      }),
    ).rejects.toThrow('the write failed');
    await db.transaction().execute((transaction) => queue.enqueue(job, { n: 2 }, { transaction }));

    expect(await inOutbox(job.name)).toEqual([{ n: 2 }]);
  });

  it('keeps the outbox while Redis is away, without holding a database connection', async () => {
    const { db, pool } = await getTestDatabase();
    const away = new BullMqQueue(pool, 'redis://127.0.0.1:1', logger);
    const job = testJob(counter, noop);
    try {
      await away.enqueue(job, { n: 1 }); // needs only the database
      await away.work([], { config, db }); // moves the outbox, or tries to
      await sleep(1000);

      // On the embedded database's single connection, this would wait for ever if the move held it.
      expect(await inOutbox(job.name)).toEqual([{ n: 1 }]);
    } finally {
      await away.close();
      await sql`DELETE FROM job_outbox WHERE name = ${job.name}`.execute(db);
    }
  });

  it('refuses a payload that does not fit its schema, and enqueues nothing', async () => {
    const queue = await open();
    const job = testJob(counter, noop);

    await expect(queue.enqueue(job, { n: 1.5 })).rejects.toThrow(z.ZodError);
    expect(await inOutbox(job.name)).toEqual([]);
  });

  it('moves the outbox to Redis and runs each job with its payload, once its handler has finished', async () => {
    const queue = await open();
    const seen: number[] = [];
    const job = testJob(counter, async ({ n }) => {
      seen.push(n);
    });
    const ids = [await queue.enqueue(job, { n: 1 }), await queue.enqueue(job, { n: 2 })];

    await queue.work([job], { config, db: (await getTestDatabase()).db });

    await vi.waitFor(async () => expect((await jobIn(job, ids[1] ?? ''))?.state).toBe('completed'), {
      timeout: 10_000,
    });
    expect(seen.sort()).toEqual([1, 2]);
    expect(await inOutbox(job.name)).toEqual([]);
  });

  it('runs up to its concurrency of jobs at once', async () => {
    const queue = await open();
    let running = 0;
    let most = 0;
    let done = 0;
    const job = testJob(
      counter,
      async () => {
        running += 1;
        most = Math.max(most, running);
        await sleep(100);
        running -= 1;
        done += 1;
      },
      { concurrency: 4 },
    );
    await Promise.all(Array.from({ length: 40 }, (_, n) => queue.enqueue(job, { n })));
    const started = Date.now();

    await queue.work([job], { config, db: (await getTestDatabase()).db });

    await vi.waitFor(() => expect(done).toBe(40), { timeout: 15_000, interval: 100 });
    expect(most).toBe(4);
    expect(Date.now() - started).toBeLessThan(8000); // ten rounds of 100 ms, not one job at a time
  });

  it('retries a failing job with backoff, keeps it as failed with its error after the last retry, and runs it again on demand', async () => {
    const queue = await open();
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

    await vi.waitFor(async () => expect((await jobIn(job, id))?.state).toBe('failed'), {
      timeout: 15_000,
      interval: 200,
    });
    expect(attempts).toEqual([1, 2, 3]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500); // waits of 0.5-1 s, then 1-2 s
    expect(await jobIn(job, id)).toMatchObject({ attemptsMade: 3, failedReason: 'the mail server said no' });

    fixed = true;
    expect(await queue.retryFailed(job.name)).toBe(1);
    await vi.waitFor(async () => expect((await jobIn(job, id))?.state).toBe('completed'), { timeout: 10_000 });
  });

  it('fails a job whose payload no longer fits at once, with the reason, and does not retry it', async () => {
    const queue = await open();
    const name = `test-${randomUUID()}`;
    let runs = 0;
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

    await vi.waitFor(async () => expect((await jobIn(newer, id))?.state).toBe('failed'), { timeout: 10_000 });
    expect(await jobIn(newer, id)).toMatchObject({
      attemptsMade: 1,
      failedReason: expect.stringMatching(/^Invalid payload/),
    });
    expect(runs).toBe(0);
  });

  it('gives up on a run that outlives its timeout, tells its handler to stop, and runs the job again', async () => {
    const queue = await open();
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

    const id = await queue.enqueue(job, { n: 1 });

    await vi.waitFor(async () => expect((await jobIn(job, id))?.state).toBe('completed'), {
      timeout: 15_000,
      interval: 100,
    });
    expect(signals.map((signal) => signal.aborted)).toEqual([true, false]);
  });

  it('runs the jobs of a worker stopped mid-run on another worker, without counting it as an attempt', async () => {
    const first = await open();
    const second = await open();
    const runs: string[] = [];
    const job = testJob(
      counter,
      async (_payload, { attempt }) => {
        runs.push(`attempt ${attempt}`);
        if (runs.length === 1) await sleep(60_000); // the first run outlasts its worker
      },
      { timeoutSeconds: 120 },
    );
    const id = await first.enqueue(job, { n: 1 });
    await first.work([job], { config, db: (await getTestDatabase()).db });
    await vi.waitFor(() => expect(runs).toEqual(['attempt 1']), { timeout: 10_000 });

    await first.stop(500); // gives up on the run: its lock lapses, as a killed worker's does
    const since = Date.now();
    await second.work([job], { config, db: (await getTestDatabase()).db });

    await vi.waitFor(async () => expect((await jobIn(job, id))?.state).toBe('completed'), {
      timeout: 20_000,
      interval: 100,
    });
    expect(Date.now() - since).toBeLessThan(15_000);
    expect(runs).toEqual(['attempt 1', 'attempt 1']);
  });

  it('adds the jobs a handler returns once, however often the handler runs', async () => {
    const queue = await open();
    const seen: number[] = [];
    const child = testJob(counter, async ({ n }) => {
      seen.push(n);
    });
    let parentRuns = 0;
    const parent = testJob(counter, async ({ n }) => {
      parentRuns += 1;
      return [next(child, { n })];
    });
    await queue.work([parent, child], { config, db: (await getTestDatabase()).db });
    const id = await queue.enqueue(parent, { n: 7 });
    await vi.waitFor(() => expect(seen).toEqual([7]), { timeout: 10_000 });

    // The parent runs again, as it would after a worker killed before its completion was recorded.
    const inspector = new BullQueue(parent.name, { connection: redis });
    inspectors.push(inspector);
    await (await inspector.getJob(id))?.retry('completed');
    await vi.waitFor(() => expect(parentRuns).toBe(2), { timeout: 10_000 });
    await sleep(1000);

    expect(seen).toEqual([7]);
  });
});
