import type { Kysely } from 'kysely';
import type { z } from 'zod';

import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../lib/logger.js';

/** What a handler is given besides its payload: the parts of the service it may use. */
export interface JobContext {
  config: Config;
  db: Kysely<Database>;
  /** A logger whose lines carry the job's name and id. */
  logger: Logger;
  jobId: string;
  /** 1 for the first run, 2 for the first retry, and so on. */
  attempt: number;
  /**
   * Aborted when the run reaches its timeout: the job is then retried, so a handler should stop (hand the signal to
   * fetch, or check it between steps) rather than go on beside its retry.
   */
  signal: AbortSignal;
}

/** How a job type is retried, and when one of its runs is taken for dead. */
export interface JobPolicy {
  /** Runs after the first one that a failing job gets; then it is kept as failed (the dead letter), with its error. */
  retryLimit: number;
  /** The wait before the first retry; each later one waits twice as long as the one before (exponential backoff). */
  retryDelaySeconds: number;
  /**
   * How long one run may take. A run still going after this is taken for dead (its worker was killed, or lost its
   * connection) and the job runs again, on any worker, as a retry: this is how fast a killed worker's job recovers.
   * A handler that can run longer must say so here, or it may run twice at the same time.
   */
  timeoutSeconds: number;
  /** How many jobs of this type one worker runs at the same time. */
  concurrency: number;
  /**
   * With BullMQ: how long the lock on a running job outlives its worker. A dead worker's jobs run again within about
   * twice this (the lock lapses, then two stalled checks, every three quarters of it); the price is a renewal of the
   * lock every half of it, per running job. (pg-boss finds a dead worker's runs through `timeoutSeconds`.)
   */
  lockSeconds: number;
}

/** The policy of a job type that does not set its own. */
export const defaultJobPolicy: JobPolicy = {
  retryLimit: 8,
  retryDelaySeconds: 1,
  timeoutSeconds: 8,
  concurrency: 4,
  lockSeconds: 4,
};

/**
 * A job type: its name, the schema of its payload, and its handler. The payload is validated when the job is
 * enqueued and again before it runs (it may have been enqueued by an older release); one that fails then is
 * kept as failed at once, with the reason, since retrying cannot fix it.
 *
 * A job may run more than once: a retry after a failure or a timeout, or a worker killed after its handler
 * finished but before that was recorded. Handlers must be idempotent: check, in the transaction that does the
 * work, whether it was done already (a unique key, a state column), so that a second run changes nothing.
 */
export interface JobDefinition<Payload = unknown, Input = Payload> {
  /** The queue's name, in kebab-case: unique in the service. */
  readonly name: string;
  /** What enqueueing takes (Input: fields with defaults may be left out) and the handler gets (Payload). */
  readonly payload: z.ZodType<Payload, Input>;
  readonly policy?: Partial<JobPolicy>;
  /** A cron expression (UTC): the job is enqueued on that schedule, with an empty payload. */
  readonly schedule?: string;
  /**
   * Does the job's work. It may return the jobs that come next (a chain: `return [next(otherJob, payload)]`): the
   * queue enqueues them in the transaction that records this run as completed, so that each next step exists if
   * and only if this one completed, and once however often this one ran.
   */
  handle(payload: Payload, context: JobContext): Promise<void | readonly NextJob[]>;
}

/** A job for the queue to enqueue once the run that returned it has completed. */
export interface NextJob {
  readonly job: JobDefinition;
  readonly payload: unknown;
}

/** The next step of a chain: `job`, with `payload` (validated against its schema as any enqueue is). */
export function next<Payload, Input>(job: JobDefinition<Payload, Input>, payload: Input): NextJob {
  return { job: job as JobDefinition, payload };
}

/** Declares a job type (its payload type comes from its schema). */
export function defineJob<Payload, Input = Payload>(
  definition: JobDefinition<Payload, Input>,
): JobDefinition<Payload, Input> {
  return definition;
}

/** The policy a job type runs with: its own settings over the defaults. */
export function policyOf(job: Pick<JobDefinition, 'policy'>): JobPolicy {
  return { ...defaultJobPolicy, ...job.policy };
}
