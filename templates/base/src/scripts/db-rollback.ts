// Reverts the last applied migration: `npm run db:rollback`; every migration: `npm run db:rollback -- --all`.
import { NO_MIGRATIONS } from 'kysely';

import { loadConfig, loadEnvFile } from '../config.js';
import { connectDatabase } from '../db/connection.js';
import { createMigrator, throwIfFailed } from '../db/migrator.js';

loadEnvFile();
const database = await connectDatabase(loadConfig());
try {
  const migrator = createMigrator(database.db);
  const all = process.argv.includes('--all');
  const { results = [] } = throwIfFailed(all ? await migrator.migrateTo(NO_MIGRATIONS) : await migrator.migrateDown());
  for (const { migrationName } of results) console.log(`reverted ${migrationName}`);
  if (results.length === 0) console.log('no migration to revert');
} finally {
  await database.close();
}
