import { type Kysely, sql } from 'kysely';

// Constraints and indexes are named as PostgreSQL would name them (<table>_<column>_key, _check, _fkey, _idx),
// so that errors and query plans point at them predictably.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('articles')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'varchar(255)', (col) => col.notNull())
    .addColumn('summary', 'text')
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('articles_title_check', sql`char_length(title) >= 1`)
    .addCheckConstraint('articles_summary_check', sql`char_length(summary) >= 1`)
    .addCheckConstraint('articles_body_check', sql`char_length(body) >= 1`)
    .execute();

  // Indexes for the columns a list sorts by or often filters by.
  await db.schema.createIndex('articles_title_idx').on('articles').column('title').execute();
  await db.schema.createIndex('articles_created_at_idx').on('articles').column('created_at').execute();
  await db.schema.createIndex('articles_updated_at_idx').on('articles').column('updated_at').execute();

  await sql`
    CREATE TRIGGER articles_set_updated_at BEFORE UPDATE ON articles
    FOR EACH ROW EXECUTE FUNCTION set_updated_at()
  `.execute(db);
  // Every change, whoever makes it, moves the version: the ETag clients hold goes stale (src/lib/entity-tags.ts).
  await sql`
    CREATE TRIGGER articles_increment_version BEFORE UPDATE ON articles
    FOR EACH ROW EXECUTE FUNCTION increment_version()
  `.execute(db);
}

// Dropping the table drops its constraints, indexes and trigger with it.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('articles').execute();
}
