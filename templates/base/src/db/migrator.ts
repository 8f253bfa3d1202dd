import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { FileMigrationProvider, type Kysely, type MigrationResultSet, Migrator } from 'kysely';

import type { Database } from './schema.js';

/**
 * The migrations folder. From source (tsx, vitest) this file is src/db/migrator.ts and the migrations are the
 * .ts files in <root>/migrations; once built it is dist/db/migrator.js and the build put them in dist/migrations.
 */
export const migrationsFolder = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../migrations' : '../migrations', import.meta.url),
);

export function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
    // A feature added later (`backend add queue`) brings migrations named before those of the resources, which may
    // have run already: they run then, after them. Each feature's migrations depend on no resource's.
    allowUnorderedMigrations: true,
  });
}

/** Runs every pending migration in name order, in one transaction: if one fails, it throws and none stays applied. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  return throwIfFailed(await createMigrator(db).migrateToLatest());
}

/** Kysely reports a failed run in its result; this turns it into an error naming the migration. */
export function throwIfFailed(resultSet: MigrationResultSet): MigrationResultSet {
  if (resultSet.error) {
    const failed = resultSet.results?.find((result) => result.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed`, { cause: resultSet.error });
  }
  return resultSet;
}
