import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { type Job, type JobsOptions, Queue as BullQueue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { CompiledQuery } from 'kysely';
import type pg from 'pg';

import type { Config } from '../config.js';
import { jobs as serviceJobs } from '../jobs/index.js';
import { type JobDefinition, type NextJob, policyOf } from '../jobs/job.js';
import type { Logger } from './logger.js';
import { type EnqueueOptions, JobRunner, type Queue, type QueueCounts, type WorkContext } from './queue.js';

/** How long a failed job is kept where `jobs:retry` finds it, and a completed one for the counts. */
const keepFailedSeconds = 14 * 24 * 60 * 60;
const keepCompletedSeconds = 24 * 60 * 60;
/** How often workers move the outbox's rows to Redis when the last look found none. */
const relayIdleMs = 200;
const relayBatch = 500;
/** How long a move waits for Redis before it rolls back, and tries again. */
const relayTimeoutMs = 5000;

/**
 * The queue in Redis (BullMQ), fed through an outbox in the service's database: enqueueing inserts a row into
 * `job_outbox`, in the transaction of the write the job follows from when one is given, so a job exists if and only if
 * that write commits, and the HTTP server needs no Redis to enqueue. Workers move the rows to Redis, each under its
 * own id (BullMQ ignores an id it has, so a row moved twice after a crash runs once), and run the jobs.
 */
export class BullMqQueue implements Queue {
  private readonly queues = new Map<string, BullQueue>();
  private readonly workers: Worker[] = [];
  private readonly runner: JobRunner;
  private relay: Promise<void> | undefined;
  private stopping = false;
  private connection: Redis | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly redisUrl: string,
    private readonly logger: Logger,
  ) {
    this.runner = new JobRunner(logger);
  }

  /** One connection for every queue of this process, opened when first needed (BullMQ's workers open their own). */
  private redis(): Redis {
    if (!this.connection) {
      const connection = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
      // Logged once per outage: ioredis reports each failed reconnection, and would print them unhandled.
      let away = false;
      connection.on('error', (error) => {
        if (!away) this.logger.error({ err: error }, "the job queue's Redis is unreachable: jobs wait in the outbox");
        away = true;
      });
      connection.on('ready', () => {
        if (away) this.logger.info("the job queue's Redis is back");
        away = false;
      });
      this.connection = connection;
    }
    return this.connection;
  }

  private queueOf(name: string): BullQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new BullQueue(name, { connection: this.redis() });
      queue.on('error', (error) => this.logger.error({ err: error, queue: name }, 'job queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<Payload, Input>(
    job: JobDefinition<Payload, Input>,
    payload: Input,
    options: EnqueueOptions = {},
  ): Promise<string> {
    const data = job.payload.parse(payload);
    const id = randomUUID();
    const jobOptions: JobsOptions = {
      ...optionsOf(job),
      ...(options.delaySeconds ? { delay: options.delaySeconds * 1000 } : {}),
    };
    const text = 'INSERT INTO job_outbox (id, name, payload, options) VALUES ($1, $2, $3, $4)';
    const values = [id, job.name, JSON.stringify(data), JSON.stringify(jobOptions)];
    if (options.transaction) await options.transaction.executeQuery(CompiledQuery.raw(text, values));
    else await this.pool.query(text, values);
    return id;
  }

  async work(jobs: readonly JobDefinition[], context: WorkContext): Promise<void> {
    this.relay ??= this.relayOutbox();
    for (const job of jobs) {
      const queue = this.queueOf(job.name);
      if (job.schedule) {
        await queue.upsertJobScheduler(
          job.name,
          { pattern: job.schedule, tz: 'UTC' },
          { name: job.name, data: {}, opts: optionsOf(job) },
        );
      }
      const { concurrency, lockSeconds } = policyOf(job);
      const worker = new Worker(job.name, (received: Job) => this.run(job, received, context), {
        connection: this.redis(),
        concurrency,
        // With the default of 4 s, a dead worker's jobs run again in about 10 s, where BullMQ's defaults (30 s each)
        // take a minute.
        lockDuration: lockSeconds * 1000,
        stalledInterval: lockSeconds * 750,
        // A job found stalled (its worker died, or was stopped before it finished) runs again, up to this often.
        maxStalledCount: 3,
      });
      worker.on('error', (error) => this.logger.error({ err: error, queue: job.name }, 'job worker error'));
      this.workers.push(worker);
    }
  }

  /**
   * Moves the outbox's rows to Redis, oldest first, in batches: each batch is added to its queues and deleted in one
   * transaction, which rows other workers have locked skip. Runs until stop.
   */
  private async relayOutbox(): Promise<void> {
    while (!this.stopping) {
      let moved = 0;
      try {
        // While Redis is away (ioredis reconnecting), the rows stay where they are, and no connection is held.
        if (this.redis().status === 'ready') moved = await this.relayBatch();
      } catch (error) {
        this.logger.error({ err: error }, 'could not move jobs from the outbox to Redis: trying again');
      }
      if (moved < relayBatch) await sleep(relayIdleMs);
    }
  }

  private async relayBatch(): Promise<number> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string; name: string; payload: object; options: JobsOptions }>(
        'SELECT id, name, payload, options FROM job_outbox ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED',
        [relayBatch],
      );
      const byQueue = new Map<string, typeof rows>();
      for (const row of rows) byQueue.set(row.name, [...(byQueue.get(row.name) ?? []), row]);
      for (const [name, batch] of byQueue) {
        const added = this.queueOf(name).addBulk(
          batch.map((row) => ({ name, data: row.payload, opts: { ...row.options, jobId: row.id } })),
        );
        // Redis away would hold this transaction, and its connection, for as long: give up and roll back instead. If
        // the add lands later all the same, the next move adds the same ids, which BullMQ ignores.
        await withinTime(added, relayTimeoutMs, 'Redis did not take the jobs');
      }
      if (rows.length > 0) {
        await client.query('DELETE FROM job_outbox WHERE id = ANY($1::uuid[])', [rows.map((row) => row.id)]);
      }
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      failure = error as Error;
      await client.query('ROLLBACK').catch(() => {}); // a connection that broke is not reused (below)
      throw error;
    } finally {
      client.release(failure);
    }
  }

  /**
   * Runs one job: BullMQ records it completed when this returns, and failed (a retry, or the dead letter after the
   * last) when it throws; an invalid payload fails it for good. The jobs its handler returns are added under ids made
   * from this job's, so that a second run of it adds none.
   */
  private run(job: JobDefinition, received: Job, context: WorkContext): Promise<void> {
    const jobId = received.id ?? '';
    const taken = { id: jobId, attempt: received.attemptsMade + 1, data: received.data };
    return this.runner.run(job, taken, context, async (outcome, logger) => {
      switch (outcome.status) {
        case 'completed':
          try {
            await this.addNext(jobId, outcome.next);
          } catch (error) {
            logger.warn({ err: error, attempt: taken.attempt }, 'job failed');
            throw error;
          }
          return;
        case 'invalid payload':
          throw new UnrecoverableError(outcome.error.message);
        case 'failed':
        case 'timed out':
          throw outcome.error;
      }
    });
  }

  private async addNext(parentId: string, next: readonly NextJob[]): Promise<void> {
    for (const [index, { job, payload }] of next.entries()) {
      const data = job.payload.parse(payload) as object;
      await this.queueOf(job.name).add(job.name, data, { ...optionsOf(job), jobId: `${parentId}-next-${index}` });
    }
  }

  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    await this.relay;
    // Workers stop taking jobs, and the running ones have the time given to finish; those still running then are
    // given up on: their locks lapse, and another worker runs them again (a stall, which is not an attempt).
    await Promise.all(this.workers.map((worker) => worker.pause(true)));
    const handedBack = await this.runner.handBack(timeoutMs);
    if (handedBack.length > 0) {
      this.logger.warn('jobs still running at shutdown were left to run again on another worker');
    }
    await Promise.all(this.workers.map((worker) => worker.close(true)));
  }

  async retryFailed(jobName?: string): Promise<number> {
    let retried = 0;
    for (const name of jobName ? [jobName] : serviceJobs.map((job) => job.name)) {
      const queue = this.queueOf(name);
      const { failed = 0 } = await queue.getJobCounts('failed');
      await queue.retryJobs({ state: 'failed' });
      retried += failed;
    }
    return retried;
  }

  async counts(): Promise<QueueCounts[]> {
    const { rows } = await this.pool.query<{ name: string; count: string }>(
      'SELECT name, count(*) AS count FROM job_outbox GROUP BY name',
    );
    const inOutbox = new Map(rows.map((row) => [row.name, Number(row.count)]));
    return Promise.all(
      serviceJobs.map(async ({ name }) => {
        const counts = await this.queueOf(name).getJobCounts(
          'waiting',
          'delayed',
          'prioritized',
          'waiting-children',
          'active',
          'completed',
          'failed',
        );
        const count = (state: string) => counts[state] ?? 0;
        return {
          name,
          waiting:
            (inOutbox.get(name) ?? 0) +
            count('waiting') +
            count('delayed') +
            count('prioritized') +
            count('waiting-children'),
          active: count('active'),
          completed: count('completed'),
          failed: count('failed'),
        };
      }),
    );
  }

  async waitingPayloads(jobName: string): Promise<unknown[]> {
    const { rows } = await this.pool.query<{ payload: unknown }>(
      'SELECT payload FROM job_outbox WHERE name = $1 ORDER BY created_at, id',
      [jobName],
    );
    const inRedis = await this.queueOf(jobName).getJobs(['waiting', 'delayed', 'prioritized', 'waiting-children']);
    return [...rows.map((row) => row.payload), ...inRedis.map((job) => job.data as unknown)];
  }

  async ping(): Promise<void> {
    await this.redis().ping();
  }

  async close(): Promise<void> {
    if (!this.stopping) await this.stop(0);
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.connection?.disconnect();
  }
}

/** `promise`, or an error saying `what` once `ms` have passed (the promise itself is not cancelled). */
async function withinTime<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  const timeout = sleep(ms, undefined, { ref: false }).then(() => {
    throw new Error(`${what} within ${ms} ms`);
  });
  return Promise.race([promise, timeout]);
}

/** A job type's policy, as BullMQ takes it for each job. */
function optionsOf(job: Pick<JobDefinition, 'policy'>): JobsOptions {
  const policy = policyOf(job);
  return {
    attempts: policy.retryLimit + 1,
    // Waits of retryDelaySeconds, then twice as long each time, each shortened by up to half at random (so that
    // retries do not come in waves).
    backoff: { type: 'exponential', delay: policy.retryDelaySeconds * 1000, jitter: 0.5 },
    removeOnComplete: { age: keepCompletedSeconds },
    removeOnFail: { age: keepFailedSeconds },
  };
}

/**
 * The queue over the service's database pool and Redis. With `runsJobs`, for a process that runs jobs (a worker):
 * Redis must answer now, and `work` also moves the outbox to Redis. Without, for one that only enqueues: it writes to
 * the outbox, and reaches Redis only for the counts and the readiness check.
 */
export async function connectQueue(
  config: Pick<Config, 'QUEUE_REDIS_URL'>,
  logger: Logger,
  { pool }: { pool: pg.Pool },
  { runsJobs = false }: { runsJobs?: boolean } = {},
): Promise<BullMqQueue> {
  if (!config.QUEUE_REDIS_URL) throw new Error('The job queue needs QUEUE_REDIS_URL');
  const queue = new BullMqQueue(pool, config.QUEUE_REDIS_URL, logger);
  // A worker that cannot reach its Redis says so as it starts, rather than wait there.
  if (runsJobs) await withinTime(queue.ping(), relayTimeoutMs, 'Redis at QUEUE_REDIS_URL did not answer');
  return queue;
}
