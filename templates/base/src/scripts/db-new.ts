// Creates an empty migration named after the current time: `npm run db:new create_tasks`.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { migrationsFolder } from '../db/migrator.js';

const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9_]*$/.test(name)) {
  console.error('Usage: npm run db:new <name>, in lowercase letters, digits and underscores (e.g. create_tasks)');
  process.exit(1);
}

// Migrations run in name order, so the name starts with a UTC timestamp: 20260131235959_create_tasks.ts
const timestamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const file = path.join(migrationsFolder, `${timestamp}_${name}.ts`);

const template = `import { type Kysely, sql } from 'kysely';

// up makes the change; down undoes exactly that, so that db:rollback then db:migrate gives the same schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql\`\`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql\`\`.execute(db);
}
`;

await writeFile(file, template, { flag: 'wx' });
console.log(`created ${path.relative(process.cwd(), file)}`);
