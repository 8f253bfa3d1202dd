import { CompiledQuery, type Transaction } from 'kysely';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { jobs as serviceJobs } from '../jobs/index.js';
import { type JobDefinition, type NextJob, policyOf } from '../jobs/job.js';
import type { Logger } from './logger.js';
import {
  type EnqueueOptions,
  JobRunner,
  type Queue,
  type QueueCounts,
  type RunOutcome,
  type WorkContext,
} from './queue.js';

/**
 * pg-boss's tables live in this schema of the service's database: created by a migration, and migrated by workers
 * when a new pg-boss needs it.
 */
const schema = 'pgboss';

/** How long a failed job is kept where `jobs:retry` finds it; pg-boss's default is 12 hours. */
const keepFailedDays = 14;

/** How long a loop that found no job of its type waits before it looks again. */
const idlePollMs = 1000;

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
  private stopping = false;
  private resolveStopped = () => {};
  /** Settled when stop begins: ends the waits of the loops that take jobs. */
  private readonly stopped = new Promise<void>((resolve) => {
    this.resolveStopped = resolve;
  });
  /** One loop per job type this process runs, taking its jobs. */
  private readonly loops: Promise<void>[] = [];
  private readonly runner: JobRunner;

  constructor(
    private readonly pool: pg.Pool,
    config: Pick<Config, 'JOB_MAINTENANCE_INTERVAL_SECONDS'>,
    private readonly logger: Logger,
    { runsJobs }: { runsJobs: boolean },
  ) {
    this.runner = new JobRunner(logger);
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema,
      // The upkeep is the workers' (the HTTP server only enqueues): finding runs that outlived their timeout (a killed
      // worker's, or a hung handler's) and making them retries, at this interval, which with the timeout bounds how
      // long such a job waits; and enqueueing the recurring jobs on their schedules.
      supervise: runsJobs,
      schedule: runsJobs,
      migrate: runsJobs,
      maintenanceIntervalSeconds: config.JOB_MAINTENANCE_INTERVAL_SECONDS,
      archiveFailedAfterSeconds: keepFailedDays * 24 * 60 * 60,
    });
    // pg-boss reports failures of its own upkeep here; unhandled, they would end the process.
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

  async enqueue<Payload, Input>(
    job: JobDefinition<Payload, Input>,
    payload: Input,
    options: EnqueueOptions = {},
  ): Promise<string> {
    const data = job.payload.parse(payload);
    const id = await this.boss.send(job.name, data as object, {
      ...settingsOf(job),
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
      if (job.schedule) await this.boss.schedule(job.name, job.schedule, {}, settingsOf(job));
      this.loops.push(this.takeJobs(job, context));
    }
  }

  /**
   * Keeps up to the job type's `concurrency` of its jobs running: takes as many as there are free places, and takes
   * again at once while jobs are waiting; only when none is does it wait, for `idlePollMs`. (pg-boss's own `work`
   * waits its polling interval after every fetch, found or not, which holds a worker to about one job per interval.)
   */
  private async takeJobs(job: JobDefinition, context: WorkContext): Promise<void> {
    const { concurrency } = policyOf(job);
    const mine = new Set<Promise<void>>();
    while (!this.stopping) {
      if (mine.size >= concurrency) {
        await Promise.race([...mine, this.stopped]);
        continue;
      }
      const taken = await this.take(job, concurrency - mine.size);
      for (const received of taken) {
        const attempt = received.retryCount + 1;
        const run = this.runner
          .run(job, { id: received.id, attempt, data: received.data }, context, (outcome, logger) =>
            this.recordOutcome(job.name, received.id, outcome, logger),
          )
          .finally(() => mine.delete(run));
        mine.add(run);
      }
      if (taken.length === 0) await Promise.race([sleep(idlePollMs, undefined, { ref: false }), this.stopped]);
    }
  }

  /** Takes up to `count` waiting jobs of the type (none when the database cannot be reached: the loop tries again). */
  private async take(job: JobDefinition, count: number): Promise<PgBoss.JobWithMetadata[]> {
    try {
      return await this.boss.fetch(job.name, { batchSize: count, includeMetadata: true });
    } catch (error) {
      this.logger.error({ err: error, job: job.name }, 'could not take jobs');
      return [];
    }
  }

  /**
   * Records how a run went: completed when its handler returned, failed (a retry, or the dead letter after the last)
   * when it threw, and failed for good when its payload no longer fits. A run that outlived its timeout is not
   * recorded: the upkeep, which alone fails runs for their time (so that no run is failed twice), makes the job a
   * retry, as it does the job of a worker that died. Nor is one that shutdown handed back.
   */
  private async recordOutcome(name: string, id: string, outcome: RunOutcome, logger: Logger): Promise<void> {
    if (outcome.handedBack) return;
    switch (outcome.status) {
      case 'completed':
        await this.record(logger, () => this.complete(name, id, outcome.next));
        return;
      case 'failed':
        await this.record(logger, () => this.boss.fail(name, id, outcome.error as object));
        return;
      case 'invalid payload':
        await this.record(logger, async () => {
          await this.pool.query(`UPDATE ${schema}.job SET retry_limit = retry_count WHERE id = $1`, [id]);
          await this.boss.fail(name, id, new InvalidPayloadError(outcome.error.message));
        });
        return;
      case 'timed out':
        return;
    }
  }

  /**
   * Records the run as completed, and enqueues the jobs its handler returned in the same transaction: only if the
   * run was still the job's (not given up on for its time, and run again elsewhere), so each comes once.
   */
  private async complete(name: string, id: string, next: readonly NextJob[]): Promise<void> {
    if (next.length === 0) {
      await this.boss.complete(name, id);
      return;
    }
    const payloads = next.map(({ job, payload }) => ({ job, data: job.payload.parse(payload) as object }));
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      await client.query('BEGIN');
      const db: PgBoss.Db = { executeSql: (text, values) => client.query(text, values) };
      // Locked, so that the upkeep cannot give up on the run between this look and the completion.
      const { rowCount } = await client.query(
        `SELECT 1 FROM ${schema}.job WHERE name = $1 AND id = $2 AND state = 'active' FOR UPDATE`,
        [name, id],
      );
      await this.boss.complete(name, id, {}, { db }); // pg-boss reads its options from the fourth argument only
      for (const { job, data } of rowCount === 1 ? payloads : []) {
        const sent = await this.boss.send(job.name, data, { ...settingsOf(job), db });
        if (!sent) throw new Error(`The job queue did not take a ${job.name} job: is the job in src/jobs/index.ts?`);
      }
      await client.query('COMMIT');
    } catch (error) {
      failure = error as Error;
      await client.query('ROLLBACK').catch(() => {}); // a connection that broke is not reused (below)
      throw error;
    } finally {
      client.release(failure);
    }
  }

  /**
   * Records a run's outcome. When that fails (the database is away), the job stays active, and the upkeep makes it a
   * retry once its timeout has passed: it runs again, which handlers, being idempotent, allow.
   */
  private async record(logger: Logger, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      logger.error({ err: error }, 'could not record how the job went: it runs again after its timeout');
    }
  }

  async stop(timeoutMs: number): Promise<void> {
    if (!this.started) return;
    this.stopping = true;
    this.resolveStopped();
    await Promise.all(this.loops.splice(0));
    // The running jobs have the time given to finish; those still running then are handed back: waiting again, to
    // run on any worker at once, without the run counting against their retries (it did not end).
    const handedBack = await this.runner.handBack(timeoutMs);
    if (handedBack.length > 0) {
      await this.pool.query(
        `UPDATE ${schema}.job SET state = 'retry', started_on = NULL, start_after = now()
         WHERE id = ANY($1::uuid[]) AND state = 'active'`,
        [handedBack],
      );
      this.logger.warn({ jobIds: handedBack }, 'jobs still running at shutdown were handed back');
    }
    await this.boss.stop({ graceful: false, close: false });
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

  async waitingPayloads(jobName: string): Promise<unknown[]> {
    const { rows } = await this.pool.query<{ data: unknown }>(
      `SELECT data FROM ${schema}.job WHERE name = $1 AND state IN ('created', 'retry') ORDER BY created_on, id`,
      [jobName],
    );
    return rows.map((row) => row.data);
  }

  async ping(): Promise<void> {
    await this.pool.query(`SELECT 1 FROM ${schema}.version`);
  }

  async close(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: false, close: false });
  }
}

/** A job type's policy, as pg-boss names it: for its queue, and for each job sent to it. */
function settingsOf(job: Pick<JobDefinition, 'policy'>) {
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
