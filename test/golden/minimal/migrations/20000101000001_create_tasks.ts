import { type Kysely, sql } from 'kysely';

// Constraints and indexes are named as PostgreSQL would name them (<table>_<column>_key, _check, _fkey, _idx),
// so that errors and query plans point at them predictably.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'varchar(200)', (col) => col.notNull())
    .addColumn('done', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('priority', 'integer', (col) => col.notNull().defaultTo(3))
    .addColumn('due_date', 'date')
    .addColumn('project_id', 'uuid', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('tasks_title_check', sql`char_length(title) >= 3`)
    .addCheckConstraint('tasks_priority_check', sql`priority BETWEEN 1 AND 5`)
    // Deleting a project deletes its tasks.
    .addForeignKeyConstraint('tasks_project_id_fkey', ['project_id'], 'projects', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();

  // An index for each foreign key (joins, and the cascade on delete), and for the columns a list sorts by or
  // often filters by.
  await db.schema.createIndex('tasks_project_id_idx').on('tasks').column('project_id').execute();
  await db.schema.createIndex('tasks_title_idx').on('tasks').column('title').execute();
  await db.schema.createIndex('tasks_done_idx').on('tasks').column('done').execute();
  await db.schema.createIndex('tasks_priority_idx').on('tasks').column('priority').execute();
  await db.schema.createIndex('tasks_due_date_idx').on('tasks').column('due_date').execute();
  await db.schema.createIndex('tasks_created_at_idx').on('tasks').column('created_at').execute();
  await db.schema.createIndex('tasks_updated_at_idx').on('tasks').column('updated_at').execute();

  await sql`
    CREATE TRIGGER tasks_set_updated_at BEFORE UPDATE ON tasks
    FOR EACH ROW EXECUTE FUNCTION set_updated_at()
  `.execute(db);
  // Every change, whoever makes it, moves the version: the ETag clients hold goes stale (src/lib/entity-tags.ts).
  await sql`
    CREATE TRIGGER tasks_increment_version BEFORE UPDATE ON tasks
    FOR EACH ROW EXECUTE FUNCTION increment_version()
  `.execute(db);
}

// Dropping the table drops its constraints, indexes and trigger with it.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tasks').execute();
}
