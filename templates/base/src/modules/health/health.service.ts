import type { FastifyBaseLogger } from 'fastify';

import type { CheckStatus } from './health.schemas.js';

/**
 * One backing service; `check` rejects when it is not usable. The app cannot serve without it, unless it is
 * `optional`: then the app serves without it (a cache: from the database, slower), and its failure is reported
 * without making the instance unready.
 */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
  optional?: boolean;
}

// A check that hangs counts as failed: a load balancer asking /ready must get an answer quickly.
const checkTimeoutMs = 2000;

/** Runs every check at once and reports each one as ok or fail; failures are logged with their cause. */
export async function runReadinessChecks(
  checks: ReadinessCheck[],
  log: FastifyBaseLogger,
): Promise<Record<string, CheckStatus>> {
  const statuses = await Promise.all(
    checks.map(async ({ name, check, optional }): Promise<[string, CheckStatus]> => {
      try {
        await withTimeout(check(), checkTimeoutMs);
        return [name, 'ok'];
      } catch (error) {
        // An optional service logs its own outage, once: probes come every few seconds for as long as it lasts.
        if (optional) log.debug({ err: error, check: name }, 'readiness check failed');
        else log.warn({ err: error, check: name }, 'readiness check failed');
        return [name, 'fail'];
      }
    }),
  );
  return Object.fromEntries(statuses);
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
