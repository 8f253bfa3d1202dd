// Fills a development database with sample rows: `npm run db:seed`. Refuses to run in production.
import { loadConfig, loadEnvFile } from '../config.js';
import { connectDatabase } from '../db/connection.js';
import { seedDatabase } from '../db/seed.js';

loadEnvFile();
const config = loadConfig();
if (config.NODE_ENV === 'production') {
  console.error('db:seed writes sample data and does not run with NODE_ENV=production');
  process.exit(1);
}

const database = await connectDatabase(config);
try {
  await seedDatabase(database.db);
  console.log('seeded');
} finally {
  await database.close();
}
