import { type Kysely, NO_MIGRATIONS, sql } from 'kysely';
import { describe, expect, it } from 'vitest';

import { getTestDatabase } from '../../test/helpers.js';
import { createMigrator, throwIfFailed } from './migrator.js';
import type { Database } from './schema.js';

/**
 * The parts of the schema that migrations create: tables and columns, constraints, types, functions, triggers and
 * indexes.
 */
async function describeSchema(db: Kysely<Database>) {
  const { rows: tables } = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1
  `.execute(db);
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
    WHERE table_schema = current_schema() ORDER BY table_name, column_name
  `.execute(db);
  const { rows: constraints } = await sql`
    SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
    FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2
  `.execute(db);
  // Enums and domains: the types a migration creates with CREATE TYPE or CREATE DOMAIN.
  const { rows: types } = await sql`
    SELECT typname FROM pg_type WHERE typnamespace = current_schema()::regnamespace AND typtype IN ('e', 'd')
    ORDER BY 1
  `.execute(db);
  const { rows: functions } = await sql`
    SELECT routine_name FROM information_schema.routines WHERE routine_schema = current_schema() ORDER BY 1
  `.execute(db);
  const { rows: triggers } = await sql`
    SELECT trigger_name, event_object_table FROM information_schema.triggers
    WHERE trigger_schema = current_schema() ORDER BY 1, 2
  `.execute(db);
  const { rows: indexes } = await sql`
    SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1
  `.execute(db);
  return { tables: tables.map((row) => row.tablename), columns, constraints, types, functions, triggers, indexes };
}

describe('migrations', () => {
  it('roll back to zero and apply again, giving the same schema', async () => {
    const { db } = await getTestDatabase();
    const migrator = createMigrator(db);
    const migrated = await describeSchema(db);

    throwIfFailed(await migrator.migrateTo(NO_MIGRATIONS));
    const rolledBack = await describeSchema(db);
    throwIfFailed(await migrator.migrateToLatest());

    expect(migrated.functions).toContainEqual({ routine_name: 'set_updated_at' });
    // Every down undid its up: nothing is left but the migrator's own bookkeeping.
    expect(rolledBack).toMatchObject({
      tables: ['kysely_migration', 'kysely_migration_lock'],
      types: [],
      functions: [],
      triggers: [],
    });
    expect(await describeSchema(db)).toEqual(migrated);
    expect((await migrator.getMigrations()).every((migration) => migration.executedAt)).toBe(true);
  });

  it('name every table and column in snake_case', async () => {
    const { columns } = await describeSchema((await getTestDatabase()).db);

    const names = columns.flatMap((column) => [column.table_name, column.column_name]);

    expect(names).toContain('kysely_migration');
    expect(names.filter((name) => !/^[a-z][a-z0-9_]*$/.test(name))).toEqual([]);
  });

  it('provide set_updated_at, which keeps updated_at current on every update', async () => {
    const { db } = await getTestDatabase();
    await sql`
      CREATE TABLE test_notes (
        id serial PRIMARY KEY,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )
    `.execute(db);
    await sql`CREATE TRIGGER test_notes_set_updated_at BEFORE UPDATE ON test_notes
      FOR EACH ROW EXECUTE FUNCTION set_updated_at()`.execute(db);

    try {
      await sql`INSERT INTO test_notes (body) VALUES ('draft')`.execute(db);
      await new Promise((resolve) => setTimeout(resolve, 10));
      await sql`UPDATE test_notes SET body = 'final'`.execute(db);
      const { rows } = await sql<{ created_at: Date; updated_at: Date }>`
        SELECT created_at, updated_at FROM test_notes
      `.execute(db);

      expect(rows[0]!.updated_at.getTime()).toBeGreaterThan(rows[0]!.created_at.getTime());
    } finally {
      await sql`DROP TABLE test_notes`.execute(db);
    }
  });
});
