import { setTimeout as sleep } from 'node:timers/promises';

import closeWithGrace from 'close-with-grace';

import { endLogging, type Logger } from './lib/logger.js';

/** Something the process acquired and must release before it exits. */
export interface Resource {
  name: string;
  /** Called as shutdown begins, before the drain delay: the HTTP server stops calling itself ready. */
  drain?: () => void;
  close: () => Promise<void>;
}

/**
 * Closes resources in the reverse order of their acquisition: the HTTP server (acquired last) first, so no
 * request is left using the database when the database closes. Closing the server stops accepting connections
 * and waits for in-flight requests to finish. A resource that fails to close does not stop the others from
 * closing; the failure is thrown at the end.
 */
export async function closeResources(resources: Resource[], logger: Logger): Promise<void> {
  const failures: unknown[] = [];
  for (const resource of [...resources].reverse()) {
    logger.info(`closing ${resource.name}`);
    try {
      await resource.close();
    } catch (error) {
      logger.error({ err: error }, `failed to close ${resource.name}`);
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, 'some resources failed to close');
}

/**
 * On SIGTERM or SIGINT: drains, then closes every resource and exits, 0 when all closed. Draining means going on
 * serving for drainDelayMs while /ready answers 503: a load balancer (or Kubernetes) keeps routing requests to an
 * instance for a few seconds after it is told to stop, and a server that stopped accepting at once would reset
 * them. After an uncaught error there is no drain. Exits 1 after an error, or when closing takes longer than
 * timeoutMs after the drain; a second signal exits at once.
 */
export function closeOnSignals(
  resources: Resource[],
  { drainDelayMs = 0, timeoutMs, logger }: { drainDelayMs?: number; timeoutMs: number; logger: Logger },
) {
  return closeWithGrace({ delay: drainDelayMs + timeoutMs, logger }, async ({ signal, err }) => {
    if (err) {
      logger.error({ err }, 'uncaught error, shutting down');
    } else {
      logger.info({ signal, drainDelayMs }, 'shutting down: draining');
      for (const resource of resources) resource.drain?.();
      if (drainDelayMs > 0) await sleep(drainDelayMs);
    }
    try {
      await closeResources(resources, logger);
      logger.info('shut down');
    } finally {
      await endLogging(logger);
    }
  });
}
