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

  // Full-text search (src/lib/postgres-search.ts) in title (A), summary (B), body (C). PostgreSQL computes both
  // columns on every write (STORED): search_vector holds the words, stemmed and weighted by field, and as
  // written; search_text the text of title, summary, whose trigrams find misspelt words.
  await sql`
    ALTER TABLE articles
      ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('search_config', title), 'A') || strip(to_tsvector('search_words', title)) ||
        setweight(to_tsvector('search_config', coalesce(summary, '')), 'B') || strip(to_tsvector('search_words', coalesce(summary, ''))) ||
        setweight(to_tsvector('search_config', body), 'C') || strip(to_tsvector('search_words', body))
      ) STORED,
      ADD COLUMN search_text text GENERATED ALWAYS AS (
        search_unaccent(lower(title || ' ' || coalesce(summary, '')))
      ) STORED
  `.execute(db);
  await sql`CREATE INDEX articles_search_vector_idx ON articles USING gin (search_vector)`.execute(db);
  await sql`CREATE INDEX articles_search_text_idx ON articles USING gin (search_text gin_trgm_ops)`.execute(db);

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
