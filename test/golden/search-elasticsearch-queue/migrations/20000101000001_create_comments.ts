import { type Kysely, sql } from 'kysely';

// Constraints and indexes are named as PostgreSQL would name them (<table>_<column>_key, _check, _fkey, _idx),
// so that errors and query plans point at them predictably.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('article_id', 'uuid', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('comments_body_check', sql`char_length(body) >= 1`)
    // Deleting an article deletes its comments.
    .addForeignKeyConstraint('comments_article_id_fkey', ['article_id'], 'articles', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();

  // An index for each foreign key (joins, and the cascade on delete), and for the columns a list sorts by or
  // often filters by.
  await db.schema.createIndex('comments_article_id_idx').on('comments').column('article_id').execute();
  await db.schema.createIndex('comments_created_at_idx').on('comments').column('created_at').execute();
  await db.schema.createIndex('comments_updated_at_idx').on('comments').column('updated_at').execute();

  await sql`
    CREATE TRIGGER comments_set_updated_at BEFORE UPDATE ON comments
    FOR EACH ROW EXECUTE FUNCTION set_updated_at()
  `.execute(db);
  // Every change, whoever makes it, moves the version: the ETag clients hold goes stale (src/lib/entity-tags.ts).
  await sql`
    CREATE TRIGGER comments_increment_version BEFORE UPDATE ON comments
    FOR EACH ROW EXECUTE FUNCTION increment_version()
  `.execute(db);
}

// Dropping the table drops its constraints, indexes and trigger with it.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('comments').execute();
}
