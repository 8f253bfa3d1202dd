import type { Transaction } from 'kysely';

import type { Database } from '../db/schema.js';
import type { JobContext, JobDefinition } from '../jobs/job.js';

export interface EnqueueOptions {
  /**
   * The transaction of the write the job follows from: the job is enqueued if and only if that transaction commits,
   * so there is no job for a write that was rolled back, and no write whose job was lost.
   */
  transaction?: Transaction<Database>;
  /** Runs no earlier than this many seconds from now. */
  delaySeconds?: number;
}

/** What every handler is given, whichever job it runs (the rest of JobContext is the run's own). */
export type WorkContext = Omit<JobContext, 'jobId' | 'attempt' | 'logger' | 'signal'>;

/** How many jobs of one type are in each state, for /metrics. */
export interface QueueCounts {
  name: string;
  waiting: number;
  active: number;
  completed: number;
  failed: number;
}

/**
 * Background jobs: the HTTP server enqueues them, and workers (`npm run worker`, src/worker.ts) run them. A job is
 * acknowledged only when its handler has finished; a failing one is retried with exponential backoff, and kept
 * as failed after its last retry (for 14 days), for `npm run jobs:retry` to run again.
 */
export interface Queue {
  /** Validates the payload against the job's schema (a ZodError when it does not fit) and enqueues it; its id. */
  enqueue<Payload, Input>(
    job: JobDefinition<Payload, Input>,
    payload: Input,
    options?: EnqueueOptions,
  ): Promise<string>;
  /**
   * Runs jobs of these types in this process, as they come, until `stop`; schedules the recurring ones.
   * `context` is what every handler is given.
   */
  work(jobs: readonly JobDefinition[], context: WorkContext): Promise<void>;
  /**
   * Stops taking jobs, and waits up to `timeoutMs` for the running ones to finish; those still running then are
   * handed back, to run again on another worker.
   */
  stop(timeoutMs: number): Promise<void>;
  /** Runs the failed jobs (all, or those of one type) again; how many. */
  retryFailed(jobName?: string): Promise<number>;
  counts(): Promise<QueueCounts[]>;
  /**
   * The payloads of this type's jobs that wait to run (those `counts` has as waiting): how a test sees what was
   * enqueued, whichever queue holds it.
   */
  waitingPayloads(jobName: string): Promise<unknown[]>;
  /** Rejects when the queue's store cannot be reached (the readiness check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
