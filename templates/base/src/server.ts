import { buildApp } from './app.js';
import type { Config } from './config.js';
import { connectDatabase } from './db/connection.js';
import { migrateToLatest } from './db/migrator.js';
import { createLogger } from './lib/logger.js';
import { closeOnSignals, type Resource } from './shutdown.js';

/**
 * Acquires the database and the app, listens, and on SIGTERM/SIGINT closes them, and the resources acquired
 * before (tracing), in reverse order.
 */
export async function startServer(config: Config, acquired: Resource[] = []): Promise<void> {
  const logger = createLogger(config);
  // Registered before anything else is acquired, with a list that grows as resources are: a signal that comes
  // during start-up closes whatever exists by then.
  const resources = [...acquired];
  closeOnSignals(resources, {
    drainDelayMs: config.SHUTDOWN_DRAIN_DELAY_MS,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    logger,
  });

  const database = await connectDatabase(config);
  resources.push({ name: 'database', close: () => database.close() });
  if (!config.DATABASE_URL) {
    // The embedded database belongs to this process, so it is brought up to date here. A shared PostgreSQL server
    // is migrated once per deployment (`npm run db:migrate`), never by each instance as it starts.
    await migrateToLatest(database.db);
  }

  const app = await buildApp({ config, logger, database });
  resources.push({ name: 'http server', drain: () => app.startDraining(), close: () => app.close() });
  await app.listen({ host: config.HOST, port: config.PORT });
}
