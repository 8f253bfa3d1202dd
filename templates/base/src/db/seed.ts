import type { Kysely } from 'kysely';

import type { Database } from './schema.js';

type Seed = (db: Kysely<Database>) => Promise<void>;

// Rows a development database starts with, one function per table, run in this order by `npm run db:seed`.
// Each runs again on every call, so it must be idempotent, e.g. `.onConflict((oc) => oc.doNothing())`.
export const seeds: Seed[] = [];

export async function seedDatabase(db: Kysely<Database>): Promise<void> {
  for (const seed of seeds) {
    await seed(db);
  }
}
