import { randomUUID } from 'node:crypto';

import type { JobContext, JobDefinition, NextJob } from '../src/jobs/job.js';
import { createLogger } from '../src/lib/logger.js';
import { getTestDatabase, testConfig } from './helpers.js';

/**
 * Runs a job's handler as a worker runs it, without a queue: the payload validated first (a ZodError when it does
 * not fit), then the handler, on the test database, as the first attempt. `context` replaces parts of what the
 * handler is given (a signal, an attempt). What the handler returns: the jobs it chains, if any.
 */
export async function runJob<Payload, Input>(
  job: JobDefinition<Payload, Input>,
  payload: Input,
  context: Partial<JobContext> = {},
): Promise<void | readonly NextJob[]> {
  const { db } = await getTestDatabase();
  return job.handle(job.payload.parse(payload), {
    config: testConfig(),
    db,
    logger: createLogger({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    jobId: randomUUID(),
    attempt: 1,
    signal: new AbortController().signal,
    ...context,
  });
}
