import { type Kysely, sql } from 'kysely';

// Constraints and indexes are named as PostgreSQL would name them (<table>_<column>_key, _check, _fkey, _idx),
// so that errors and query plans point at them predictably.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'varchar(255)', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
    .addColumn('budget', 'numeric(12, 2)')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('projects_name_key', ['name'])
    .addCheckConstraint('projects_name_check', sql`char_length(name) >= 1`)
    .addCheckConstraint('projects_description_check', sql`char_length(description) >= 1`)
    .addCheckConstraint('projects_status_check', sql`status IN ('active', 'archived')`)
    .execute();

  // Indexes for the columns a list sorts by or often filters by (name needs none: its unique constraint is an
  // index).
  await db.schema.createIndex('projects_status_idx').on('projects').column('status').execute();
  await db.schema.createIndex('projects_budget_idx').on('projects').column('budget').execute();
  await db.schema.createIndex('projects_created_at_idx').on('projects').column('created_at').execute();
  await db.schema.createIndex('projects_updated_at_idx').on('projects').column('updated_at').execute();

  await sql`
    CREATE TRIGGER projects_set_updated_at BEFORE UPDATE ON projects
    FOR EACH ROW EXECUTE FUNCTION set_updated_at()
  `.execute(db);
  // Every change, whoever makes it, moves the version: the ETag clients hold goes stale (src/lib/entity-tags.ts).
  await sql`
    CREATE TRIGGER projects_increment_version BEFORE UPDATE ON projects
    FOR EACH ROW EXECUTE FUNCTION increment_version()
  `.execute(db);
}

// Dropping the table drops its constraints, indexes and trigger with it.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('projects').execute();
}
