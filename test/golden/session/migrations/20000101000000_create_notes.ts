import { type Kysely, sql } from 'kysely';

// Constraints and indexes are named as PostgreSQL would name them (<table>_<column>_key, _check, _fkey, _idx),
// so that errors and query plans point at them predictably.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notes')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'varchar(255)', (col) => col.notNull())
    .addColumn('body', 'text')
    .addColumn('pinned', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('owner_id', 'uuid', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('notes_title_check', sql`char_length(title) >= 1`)
    .addCheckConstraint('notes_body_check', sql`char_length(body) >= 1`)
    // Deleting a user deletes the notes they own.
    .addForeignKeyConstraint('notes_owner_id_fkey', ['owner_id'], 'users', ['id'], (fk) => fk.onDelete('cascade'))
    .execute();

  // An index for each foreign key (joins, and the cascade on delete), and for the columns a list sorts by or
  // often filters by.
  await db.schema.createIndex('notes_owner_id_idx').on('notes').column('owner_id').execute();
  await db.schema.createIndex('notes_title_idx').on('notes').column('title').execute();
  await db.schema.createIndex('notes_pinned_idx').on('notes').column('pinned').execute();
  await db.schema.createIndex('notes_created_at_idx').on('notes').column('created_at').execute();
  await db.schema.createIndex('notes_updated_at_idx').on('notes').column('updated_at').execute();

  await sql`
    CREATE TRIGGER notes_set_updated_at BEFORE UPDATE ON notes
    FOR EACH ROW EXECUTE FUNCTION set_updated_at()
  `.execute(db);
  // Every change, whoever makes it, moves the version: the ETag clients hold goes stale (src/lib/entity-tags.ts).
  await sql`
    CREATE TRIGGER notes_increment_version BEFORE UPDATE ON notes
    FOR EACH ROW EXECUTE FUNCTION increment_version()
  `.execute(db);
}

// Dropping the table drops its constraints, indexes and trigger with it.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notes').execute();
}
