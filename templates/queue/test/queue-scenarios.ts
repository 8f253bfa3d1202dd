import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect, it, vi } from 'vitest';
import { z } from 'zod';

import { defineJob, type JobDefinition, type JobPolicy } from '../src/jobs/job.js';
import type { Queue } from '../src/lib/queue.js';
import { getTestDatabase } from './helpers.js';
import { workContext } from './jobs.js';

/** A job type of a test's own, named at random, so that tests never take each other's jobs. */
export function testJob<Payload>(
  payload: z.ZodType<Payload, Payload>,
  handle: JobDefinition<Payload>['handle'],
  policy: Partial<JobPolicy> = {},
): JobDefinition<Payload> {
  return defineJob({ name: `test-${randomUUID()}`, payload, handle, policy });
}

export const counter = z.object({ n: z.number().int() });
export const noop = async () => {};

/** A job as its queue holds it: its state, and, once it has ended, its runs and the error of the last that failed. */
export interface HeldJob {
  state: string;
  attempts: number;
  error?: string;
}

/** What the scenarios every queue must pass need of one. */
export interface QueueUnderTest {
  /** A queue ready to take jobs of these types, and with `runsJobs` to run them; the test file closes it after. */
  open(jobs: readonly JobDefinition[], options?: { runsJobs?: boolean }): Promise<Queue>;
  /** The job of this type with this id, as its queue holds it (undefined while it is not there yet). */
  heldJob(job: JobDefinition, id: string): Promise<HeldJob | undefined>;
  /**
   * The least that the waits before two retries (retryDelaySeconds 1) add up to: each queue stretches or shortens
   * each wait at random, its own way.
   */
  shortestTwoRetriesMs: number;
}

/**
 * The scenarios every queue must pass, added to the `describe` that calls this: what the Queue interface promises
 * (lib/queue.ts), whichever queue keeps it. Each queue's test file adds what is its own.
 */
export function itBehavesLikeAQueue(queues: QueueUnderTest): void {
  async function waitUntil(job: JobDefinition, id: string, state: string, timeout = 10_000): Promise<void> {
    await vi.waitFor(async () => expect((await queues.heldJob(job, id))?.state).toBe(state), {
      timeout,
      interval: 100,
    });
  }

  it('enqueues a job if and only if the transaction that enqueues it commits', async () => {
    const job = testJob(counter, noop);
    const queue = await queues.open([job]);
    const { db } = await getTestDatabase();

    await expect(
      db.transaction().execute(async (transaction) => {
        await queue.enqueue(job, { n: 1 }, { transaction });
        throw new Error('the write failed'); // rolls back, the job with it
      }),
    ).rejects.toThrow('the write failed');
    await db.transaction().execute((transaction) => queue.enqueue(job, { n: 2 }, { transaction }));

    expect(await queue.waitingPayloads(job.name)).toEqual([{ n: 2 }]);
  });

  it('refuses a payload that does not fit its schema, and enqueues nothing', async () => {
    const job = testJob(counter, noop);
    const queue = await queues.open([job]);

    await expect(queue.enqueue(job, { n: 1.5 })).rejects.toThrow(z.ZodError);
    expect(await queue.waitingPayloads(job.name)).toEqual([]);
  });

  it('runs each job with its payload, and counts it completed once its handler has finished', async () => {
    const seen: number[] = [];
    const job = testJob(counter, async ({ n }) => {
      seen.push(n);
    });
    const queue = await queues.open([job], { runsJobs: true });
    const ids = [await queue.enqueue(job, { n: 1 }), await queue.enqueue(job, { n: 2 })];

    await queue.work([job], await workContext());

    for (const id of ids) await waitUntil(job, id, 'completed');
    expect(seen.sort()).toEqual([1, 2]);
    expect(await queue.waitingPayloads(job.name)).toEqual([]);
  });

  it('runs up to its concurrency of jobs at once, and takes the next as soon as one ends', async () => {
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
    const queue = await queues.open([job], { runsJobs: true });
    await Promise.all(Array.from({ length: 40 }, (_, n) => queue.enqueue(job, { n })));
    const started = Date.now();

    await queue.work([job], await workContext());

    await vi.waitFor(() => expect(done).toBe(40), { timeout: 15_000, interval: 100 });
    expect(most).toBe(4);
    // Ten rounds of 100 ms, not a poll's wait between jobs, nor one job at a time.
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('retries a failing job with backoff, keeps it as failed with its error after the last retry, and runs it again on demand', async () => {
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
    const queue = await queues.open([job], { runsJobs: true });
    await queue.work([job], await workContext());
    const started = Date.now();

    const id = await queue.enqueue(job, { n: 1 });

    await waitUntil(job, id, 'failed', 15_000);
    expect(attempts).toEqual([1, 2, 3]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(queues.shortestTwoRetriesMs);
    expect(await queues.heldJob(job, id)).toMatchObject({ attempts: 3, error: 'the mail server said no' });

    fixed = true;
    expect(await queue.retryFailed(job.name)).toBe(1);
    await waitUntil(job, id, 'completed');
  });

  it('fails a job whose payload no longer fits at once, with the reason, and does not retry it', async () => {
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
    const queue = await queues.open([newer], { runsJobs: true });
    await queue.work([newer], await workContext());

    const id = await queue.enqueue(older, { n: 1 });

    await waitUntil(newer, id, 'failed');
    expect(await queues.heldJob(newer, id)).toMatchObject({
      attempts: 1,
      error: expect.stringMatching(/^Invalid payload/),
    });
    expect(runs).toBe(0);
  });

  it('gives up on a run that outlives its timeout, tells its handler to stop, and runs the job again', async () => {
    const signals: AbortSignal[] = [];
    const job = testJob(
      counter,
      async (_payload, { attempt, signal }) => {
        signals.push(signal);
        if (attempt === 1) await new Promise<void>(() => {}); // hangs, as a handler waiting on a dead connection
      },
      { timeoutSeconds: 2, retryDelaySeconds: 1 },
    );
    const queue = await queues.open([job], { runsJobs: true });
    await queue.work([job], await workContext());
    const started = Date.now();

    const id = await queue.enqueue(job, { n: 1 });

    await waitUntil(job, id, 'completed', 15_000);
    // The timeout, the retry's wait and a poll: seconds, not the minutes of the queues' own defaults.
    expect(Date.now() - started).toBeLessThan(8000);
    expect(signals.map((signal) => signal.aborted)).toEqual([true, false]);
    expect(await queues.heldJob(job, id)).toMatchObject({ attempts: 2 });
  });
}
