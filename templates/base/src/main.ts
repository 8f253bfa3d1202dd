import { loadConfigOrExit, loadEnvFile } from './config.js';
import type { Resource } from './shutdown.js';

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
