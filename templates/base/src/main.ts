import { type Config, ConfigError, loadConfig, loadEnvFile } from './config.js';
import type { Resource } from './shutdown.js';

/** A bad configuration stops the process before it listens, with every problem listed. */
function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

loadEnvFile();
const config = loadConfigOrExit();

// Tracing must be running before the modules it instruments (http, pg, fastify) are loaded, which is why
// the tracing setup and the server are imported here, in this order, rather than at the top of the file.
const acquired: Resource[] = [];
if (config.OTEL_ENABLED) {
  const { startTelemetry } = await import('./telemetry.js');
  acquired.push(startTelemetry());
}

const { startServer } = await import('./server.js');
await startServer(config, acquired);
