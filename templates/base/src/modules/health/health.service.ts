import type { FastifyBaseLogger } from 'fastify';

import type { CheckStatus } from './health.schemas.js';

/** One backing service the app cannot serve without; `check` rejects when it is not usable. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

// A check that hangs counts as failed: a load balancer asking /ready must get an answer quickly.
const checkTimeoutMs = 2000;

/** Runs every check at once and reports each one as ok or fail; failures are logged with their cause. */
export async function runReadinessChecks(
  checks: ReadinessCheck[],
  log: FastifyBaseLogger,
): Promise<Record<string, CheckStatus>> {
  const statuses = await Promise.all(
    checks.map(async ({ name, check }): Promise<[string, CheckStatus]> => {
      try {
        await withTimeout(check(), checkTimeoutMs);
        return [name, 'ok'];
      } catch (error) {
        log.warn({ err: error, check: name }, 'readiness check failed');
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
