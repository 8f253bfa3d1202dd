// Applies every pending migration: `npm run db:migrate` (from the build: `node dist/scripts/db-migrate.js`).
import { loadConfig, loadEnvFile } from '../config.js';
import { connectDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';

loadEnvFile();
const database = await connectDatabase(loadConfig());
try {
  const { results = [] } = await migrateToLatest(database.db);
  for (const { migrationName } of results) console.log(`applied ${migrationName}`);
  if (results.length === 0) console.log('no pending migrations');
} finally {
  await database.close();
}
