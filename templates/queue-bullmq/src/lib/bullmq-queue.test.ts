import { setTimeout as sleep } from 'node:timers/promises';

import { Queue as BullQueue } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

import { getTestDatabase, testConfig } from '../../test/helpers.js';
import { workContext } from '../../test/jobs.js';
import { counter, itBehavesLikeAQueue, noop, testJob } from '../../test/queue-scenarios.js';
import { type JobDefinition, next } from '../jobs/job.js';
import { BullMqQueue, connectQueue } from './bullmq-queue.js';
import { createLogger } from './logger.js';

/**
 * Against the test database (PGlite, or PostgreSQL with TEST_DATABASE_URL) and Redis at QUEUE_REDIS_URL: the
 * scenarios every queue passes (test/queue-scenarios.ts), then what is BullMQ's own.
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

  async function open({ runsJobs = false } = {}): Promise<BullMqQueue> {
    const queue = await connectQueue(config, logger, await getTestDatabase(), { runsJobs });
    opened.push(queue);
    return queue;
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

  itBehavesLikeAQueue({
    // BullMQ needs nothing made for a job type before its jobs come.
    open: (_jobs, options) => open(options),
    heldJob: async (job, id) => {
      const held = await jobIn(job, id);
      return held && { state: held.state, attempts: held.attemptsMade, error: held.failedReason };
    },
    shortestTwoRetriesMs: 1500, // waits of 0.5 to 1 s, then 1 to 2 s
  });

  it('keeps the outbox while Redis is away, without holding a database connection', async () => {
    const { db, pool } = await getTestDatabase();
    const away = new BullMqQueue(pool, 'redis://127.0.0.1:1', logger);
    const job = testJob(counter, noop);
    try {
      await away.enqueue(job, { n: 1 }); // needs only the database
      await away.work([], await workContext()); // moves the outbox, or tries to
      await sleep(1000);

      // On the embedded database's single connection, this would wait for ever if the move held it.
      expect(await inOutbox(job.name)).toEqual([{ n: 1 }]);
    } finally {
      await away.close();
      await sql`DELETE FROM job_outbox WHERE name = ${job.name}`.execute(db);
    }
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
    await first.work([job], await workContext());
    await vi.waitFor(() => expect(runs).toEqual(['attempt 1']), { timeout: 10_000 });

    await first.stop(500); // gives up on the run: its lock lapses, as a killed worker's does
    const since = Date.now();
    await second.work([job], await workContext());

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
    await queue.work([parent, child], await workContext());
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
