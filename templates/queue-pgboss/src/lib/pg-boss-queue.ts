import { CompiledQuery, type Transaction } from 'kysely';
import type pg from 'pg';
import PgBoss from 'pg-boss';

import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { jobs as serviceJobs } from '../jobs/index.js';
import { type JobDefinition, policyOf } from '../jobs/job.js';
import type { Logger } from './logger.js';
import type { EnqueueOptions, Queue, QueueCounts, WorkContext } from './queue.js';

/**
 * pg-boss's tables live in this schema of the service's database: created by a migration, and migrated by workers
 * when a new pg-boss needs it.
 */
const schema = 'pgboss';

/** How long a failed job is kept where `jobs:retry` finds it; pg-boss's default is 12 hours. */
const keepFailedDays = 14;

/** A payload that does not fit its job's schema: retrying cannot fix it, so the job fails at once. */
class InvalidPayloadError extends Error {
  override readonly name = 'InvalidPayloadError';
}

/**
 * The queue in PostgreSQL (pg-boss), in the service's own database and through its own connection pool: a job is
 * a row, so it can be enqueued in the transaction of the write it follows from, and it is as durable as that
 * write. Workers take jobs with `SELECT ... FOR UPDATE SKIP LOCKED`, so any number of them share the work.
 */
export class PgBossQueue implements Queue {
  private readonly boss: PgBoss;
  private started = false;
  /** The runs in progress in this process, by job id: what stop hands back, and whose handlers it tells to stop. */
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly pool: pg.Pool,
    config: Pick<Config, 'JOB_MAINTENANCE_INTERVAL_SECONDS'>,
    private readonly logger: Logger,
    { runsJobs }: { runsJobs: boolean },
  ) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema,
      // The upkeep is the workers' (the HTTP server only enqueues): finding runs that outlived their timeout (a killed
      // worker's) and making them retries, at this interval, which with the timeout bounds how long such a job
      // waits; and enqueueing the recurring jobs on their schedules.
      supervise: runsJobs,
      schedule: runsJobs,
      migrate: runsJobs,
      maintenanceIntervalSeconds: config.JOB_MAINTENANCE_INTERVAL_SECONDS,
      archiveFailedAfterSeconds: keepFailedDays * 24 * 60 * 60,
    });
    // pg-boss reports failures of its own polling and upkeep here; unhandled, they would end the process.
    this.boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  }

  /**
   * Starts taking part: a process that only enqueues needs no start (nor the database, until it enqueues), a worker
   * does: it migrates pg-boss's schema when a newer pg-boss needs it (under an advisory lock), and starts the upkeep.
   */
  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
  }

  /**
   * Creates the queue of each job type, or gives it the type's current policy: done at start for the service's jobs,
   * since pg-boss takes jobs only into a queue that exists.
   */
  async prepare(jobs: readonly JobDefinition[]): Promise<void> {
    for (const job of jobs) {
      const settings = { name: job.name, ...settingsOf(job) };
      await this.boss.createQueue(job.name, settings);
      await this.boss.updateQueue(job.name, settings);
    }
  }

  async enqueue<Payload>(job: JobDefinition<Payload>, payload: Payload, options: EnqueueOptions = {}): Promise<string> {
    const data = job.payload.parse(payload);
    const id = await this.boss.send(job.name, data as object, {
      ...settingsOf(job as JobDefinition),
      ...(options.delaySeconds ? { startAfter: options.delaySeconds } : {}),
      ...(options.transaction ? { db: inTransaction(options.transaction) } : {}),
    });
    // pg-boss answers null for a job it did not take: into a queue that does not exist (see prepare).
    if (!id) throw new Error(`The job queue did not take a ${job.name} job: is the job in src/jobs/index.ts?`);
    return id;
  }

  async work(jobs: readonly JobDefinition[], context: WorkContext): Promise<void> {
    if (!this.started) await this.start();
    await this.prepare(jobs);
    for (const job of jobs) {
      const policy = policyOf(job);
      if (job.schedule) await this.boss.schedule(job.name, job.schedule, {}, settingsOf(job));
      await this.boss.work<unknown>(
        job.name,
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 1 },
        async ([received]) => {
          if (!received) return;
          const logger = this.logger.child({ job: job.name, jobId: received.id });
          const parsed = job.payload.safeParse(received.data);
          if (!parsed.success) {
            await this.failForGood(job.name, received.id);
            logger.error({ issues: parsed.error.issues }, 'job payload is invalid: failed without retries');
            throw new InvalidPayloadError(`Invalid payload: ${parsed.error.message}`);
          }
          const attempt = received.retryCount + 1;
          // pg-boss gives up on a run at its timeout, or when stop hands it back, and the job runs again: the signal
          // tells the handler to stop rather than go on beside its retry.
          const run = new AbortController();
          const timeout = setTimeout(() => run.abort(new Error('job timed out')), policy.timeoutSeconds * 1000);
          this.running.set(received.id, run);
          try {
            await job.handle(parsed.data, { ...context, logger, jobId: received.id, attempt, signal: run.signal });
          } catch (error) {
            logger.warn({ err: error, attempt }, 'job failed');
            throw error;
          } finally {
            clearTimeout(timeout);
            this.running.delete(received.id);
          }
        },
      );
    }
  }

  /** Leaves the job no retries, so that its failure is final. */
  private async failForGood(name: string, id: string): Promise<void> {
    await this.pool.query(`UPDATE ${schema}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2`, [name, id]);
  }

  async stop(timeoutMs: number): Promise<void> {
    if (!this.started) return;
    // pg-boss hands a run back by failing it, which spends one of its retries: a run handed back on its last attempt
    // would fail for good. One more retry for each run in progress keeps the hand-back free (for a run that
    // finishes in time, the extra retry is never used).
    if (this.running.size > 0) {
      await this.pool.query(
        `UPDATE ${schema}.job SET retry_limit = retry_limit + 1 WHERE id = ANY($1::uuid[]) AND state = 'active'`,
        [[...this.running.keys()]],
      );
    }
    // Graceful: stops fetching, waits for running jobs, then fails those still running, which makes them retries.
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
    for (const run of this.running.values()) run.abort(new Error('job handed back at shutdown'));
  }

  async retryFailed(jobName?: string): Promise<number> {
    // pg-boss's own retry keeps the job's completion time, and its archiving would move the job away before it ran.
    const { rowCount } = await this.pool.query(
      `UPDATE ${schema}.job
       SET state = 'retry', retry_limit = retry_count + 1, completed_on = NULL, start_after = now(),
           keep_until = now() + interval '${keepFailedDays} days'
       WHERE state = 'failed' AND ($1::text IS NULL OR name = $1)`,
      [jobName ?? null],
    );
    return rowCount ?? 0;
  }

  async counts(): Promise<QueueCounts[]> {
    const { rows } = await this.pool.query<{ name: string; state: string; count: string }>(
      `SELECT name, state, count(*) AS count FROM ${schema}.job GROUP BY name, state`,
    );
    const counts = new Map<string, QueueCounts>();
    for (const { name, state, count } of rows) {
      const entry = counts.get(name) ?? { name, waiting: 0, active: 0, completed: 0, failed: 0 };
      const key = state === 'created' || state === 'retry' ? 'waiting' : state;
      if (key === 'waiting' || key === 'active' || key === 'completed' || key === 'failed') entry[key] += Number(count);
      counts.set(name, entry);
    }
    return [...counts.values()];
  }

  async ping(): Promise<void> {
    await this.pool.query(`SELECT 1 FROM ${schema}.version`);
  }

  async close(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: false, close: false });
  }
}

/** A job type's policy, as pg-boss names it: for its queue, and for each job sent to it. */
function settingsOf(job: JobDefinition) {
  const policy = policyOf(job);
  return {
    retryLimit: policy.retryLimit,
    retryDelay: policy.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: policy.timeoutSeconds,
  };
}

/** pg-boss's way into a transaction: its statements run on the transaction's connection. */
function inTransaction(transaction: Transaction<Database>): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const { rows } = await transaction.executeQuery(CompiledQuery.raw(text, values));
      return { rows };
    },
  };
}

/**
 * The queue over the service's database pool. With `runsJobs`, for a process that runs jobs (a worker): started, with
 * the queues of the service's jobs prepared, and doing the queue's upkeep. Without, for one that only enqueues: it
 * touches the database only when it enqueues, so the process starts while the database is away, as it does without
 * a queue.
 */
export async function connectQueue(
  config: Pick<Config, 'JOB_MAINTENANCE_INTERVAL_SECONDS'>,
  logger: Logger,
  { pool }: { pool: pg.Pool },
  { runsJobs = false }: { runsJobs?: boolean } = {},
): Promise<PgBossQueue> {
  const queue = new PgBossQueue(pool, config, logger, { runsJobs });
  if (runsJobs) {
    await queue.start();
    await queue.prepare(serviceJobs);
  }
  return queue;
}
