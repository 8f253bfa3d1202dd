import closeWithGrace from 'close-with-grace';

import type { Logger } from './lib/logger.js';

/** Something the process acquired and must release before it exits. */
export interface Resource {
  name: string;
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
 * On SIGTERM or SIGINT (and on an uncaught error) closes every resource, then exits: 0 when all closed, 1 after
 * an error or when closing takes longer than timeoutMs. A second signal exits at once.
 */
export function closeOnSignals(resources: Resource[], { timeoutMs, logger }: { timeoutMs: number; logger: Logger }) {
  return closeWithGrace({ delay: timeoutMs, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'uncaught error, shutting down');
    else logger.info({ signal }, 'shutting down');
    await closeResources(resources, logger);
    logger.info('shut down');
  });
}
