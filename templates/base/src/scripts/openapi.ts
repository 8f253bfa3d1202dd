// Writes the OpenAPI document to openapi.json (or the path given): `npm run openapi [-- path]`.
import { writeFile } from 'node:fs/promises';

import { buildApp } from '../app.js';
import { loadConfig, loadEnvFile } from '../config.js';
import { connectDatabase } from '../db/connection.js';
import { createLogger } from '../lib/logger.js';

loadEnvFile();
const config = loadConfig();
const file = process.argv[2] ?? 'openapi.json';

// The document comes from the routes alone; an in-memory database keeps this away from the development data.
const database = await connectDatabase({ ...config, PGLITE_DATA_DIR: undefined });
const app = await buildApp({ config, logger: createLogger({ ...config, LOG_LEVEL: 'warn' }), database });
try {
  await app.ready();
  await writeFile(file, `${JSON.stringify(app.swagger(), null, 2)}\n`);
  console.log(`wrote ${file}`);
} finally {
  await app.close();
  await database.close();
}
