import { setTimeout as sleep } from 'node:timers/promises';

import type { Transaction } from 'kysely';

import type { Database } from '../db/schema.js';
import { type JobContext, type JobDefinition, type NextJob, policyOf } from '../jobs/job.js';
import type { Logger } from './logger.js';

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

/** A job as a worker took it from its queue: its id, which run this is (1 for the first), and its payload as stored. */
export interface TakenJob {
  id: string;
  attempt: number;
  data: unknown;
}

/**
 * How a run ended, for the queue to record: its handler completed (with the jobs it chains), failed, or outlived its
 * timeout, or its payload no longer fits the job's schema. `handedBack` when shutdown gave up on the run meanwhile.
 */
export type RunOutcome = { handedBack: boolean } & (
  | { status: 'completed'; next: readonly NextJob[] }
  | { status: 'failed'; error: unknown }
  | { status: 'timed out'; error: Error }
  | { status: 'invalid payload'; error: Error }
);

/** A handler running, with the controller of its signal. */
interface Run {
  jobId: string;
  controller: AbortController;
  handedBack: boolean;
}

/**
 * The runs of one worker process, kept alike whichever queue holds the jobs: each handler gets its payload validated
 * again and a signal of its own, and is raced against its job's timeout; stop waits for the runs, then hands back
 * those still going. What an outcome does to the job (completed, retried, failed for good) is the queue's affair.
 */
export class JobRunner {
  /** The handlers running: what stop hands back when they outlast its time. */
  private readonly running = new Set<Run>();
  /** Each job's whole run (its handler, then the record of how it went), as it ends: what stop waits for. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /**
   * Runs one job, and hands how it went to `record`, with a logger whose lines carry the job's name and id. The
   * promise `record` returns is this one's; stop waits for it.
   */
  run<T>(
    job: JobDefinition,
    taken: TakenJob,
    context: WorkContext,
    record: (outcome: RunOutcome, logger: Logger) => Promise<T>,
  ): Promise<T> {
    const logger = this.logger.child({ job: job.name, jobId: taken.id });
    const run = this.handle(job, taken, context, logger).then((outcome) => record(outcome, logger));
    const ended: Promise<void> = run.then(
      () => void this.inFlight.delete(ended),
      () => void this.inFlight.delete(ended),
    );
    this.inFlight.add(ended);
    return run;
  }

  /**
   * Validates the payload (it may have been enqueued by an older release), then runs the handler for up to the job's
   * `timeoutSeconds`. A run that outlives it has its handler's signal aborted: the job runs again as a retry, and the
   * handler should stop rather than go on beside it.
   */
  private async handle(job: JobDefinition, taken: TakenJob, context: WorkContext, logger: Logger): Promise<RunOutcome> {
    const parsed = job.payload.safeParse(taken.data);
    if (!parsed.success) {
      logger.error({ issues: parsed.error.issues }, 'job payload is invalid: failed without retries');
      return {
        status: 'invalid payload',
        error: new Error(`Invalid payload: ${parsed.error.message}`),
        handedBack: false,
      };
    }
    const { attempt } = taken;
    const { timeoutSeconds } = policyOf(job);
    const run: Run = { jobId: taken.id, controller: new AbortController(), handedBack: false };
    this.running.add(run);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed out'>((resolve) => {
      timer = setTimeout(() => resolve('timed out'), timeoutSeconds * 1000);
    });
    try {
      const handled = job.handle(parsed.data, {
        ...context,
        logger,
        jobId: taken.id,
        attempt,
        signal: run.controller.signal,
      });
      const result = await Promise.race([handled.then((next) => ({ next: next ?? [] })), timedOut]);
      if (result === 'timed out') {
        const error = new Error(`job timed out after ${timeoutSeconds} s`);
        run.controller.abort(error);
        if (!run.handedBack) logger.warn({ attempt, timeoutSeconds }, 'job timed out: it runs again as a retry');
        return { status: 'timed out', error, handedBack: run.handedBack };
      }
      return { status: 'completed', next: result.next, handedBack: run.handedBack };
    } catch (error) {
      if (!run.handedBack) logger.warn({ err: error, attempt }, 'job failed');
      return { status: 'failed', error, handedBack: run.handedBack };
    } finally {
      clearTimeout(timer);
      this.running.delete(run);
    }
  }

  /**
   * Waits up to `timeoutMs` for the runs in progress to end; those still running then are handed back: their
   * outcome says so, and their handlers' signals are aborted. The ids of their jobs.
   */
  async handBack(timeoutMs: number): Promise<string[]> {
    await Promise.race([Promise.all(this.inFlight), sleep(timeoutMs, undefined, { ref: false })]);
    const left = [...this.running];
    for (const run of left) {
      run.handedBack = true;
      run.controller.abort(new Error('job handed back at shutdown'));
    }
    return left.map((run) => run.jobId);
  }
}
